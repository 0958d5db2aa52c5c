using System.Globalization;
using ActionItems.IntegrationTests.Sync.Engine;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>Reads what Hangfire recorded about a host's jobs, for the job policy tests.</summary>
internal static class JobStates
{
    /// <summary>AutomaticRetryAttribute's count of the retries a job has spent (a job parameter).</summary>
    private const string RetryCountParameter = "RetryCount";

    /// <summary>The storage of the scenario's host.</summary>
    public static JobStorage StorageOf(SyncScenario s) => s.Host.Host.Services.GetRequiredService<JobStorage>();

    public static string? StateOf(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    public static string? RetryCountOf(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobParameter(jobId, RetryCountParameter);
    }

    /// <summary>The id of the newest job of <typeparamref name="TJob"/> (ids are sequential in a test's own storage).</summary>
    public static string LastJobOf<TJob>(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        string? last = null;
        for (var id = 1L; connection.GetJobData(id.ToString(CultureInfo.InvariantCulture)) is { } data; id++)
        {
            if (data.Job?.Type == typeof(TJob))
            {
                last = id.ToString(CultureInfo.InvariantCulture);
            }
        }
        return last ?? throw new InvalidOperationException($"no {typeof(TJob).Name} ran");
    }

    /// <summary>Waits until the job is in <paramref name="state"/>; a job that fails instead ends the wait at once.</summary>
    public static async Task WaitForStateAsync(JobStorage storage, string jobId, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? current;
        while ((current = StateOf(storage, jobId)) != state)
        {
            Assert.True(current != FailedState.StateName && DateTime.UtcNow < deadline, $"job {jobId} is {current}, not {state}");
            await Task.Delay(50);
        }
    }
}
