using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Npgsql;

namespace ActionItems.Bench;

/// <summary>
/// What the sync benchmarks (<see cref="SyncBenchmark"/>, <see cref="GitHubBenchmark"/>) wait on between phases: a
/// count in the database reaching its target, or Hangfire having nothing enqueued or processing; each gives up after
/// <paramref name="phaseTimeout"/> with Hangfire's counts in the message.
/// </summary>
internal sealed class HangfireProbe(JobStorage storage, NpgsqlDataSource sql, TimeSpan phaseTimeout)
{
    public string FailedJobs()
    {
        var monitoring = storage.GetMonitoringApi();
        return $"Hangfire: {monitoring.SucceededListCount()} succeeded so far, {monitoring.FailedCount()} failed, {monitoring.ScheduledCount()} scheduled";
    }

    public async Task WaitUntilAsync(string countSql, long expected)
    {
        var deadline = Stopwatch.StartNew();
        while (await ScalarAsync(countSql) < expected)
        {
            if (deadline.Elapsed > phaseTimeout)
            {
                throw new TimeoutException($"still {await ScalarAsync(countSql)} of {expected} after {phaseTimeout}: {FailedJobs()}");
            }
            await Task.Delay(50);
        }
    }

    public async Task<long> ScalarAsync(string query)
    {
        await using var command = sql.CreateCommand(query);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until no job is enqueued or processing (as the scenario tests do).</summary>
    public async Task QuietAsync()
    {
        var monitoring = storage.GetMonitoringApi();
        var deadline = Stopwatch.StartNew();
        var quietRounds = 0;
        while (quietRounds < 5)
        {
            if (deadline.Elapsed > phaseTimeout)
            {
                throw new TimeoutException($"jobs still running: {FailedJobs()}");
            }
            await Task.Delay(100);
            quietRounds = monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0 ? quietRounds + 1 : 0;
        }
    }
}
