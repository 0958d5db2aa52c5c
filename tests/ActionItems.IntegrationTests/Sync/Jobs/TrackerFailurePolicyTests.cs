using ActionItems.Core.Domain;
using ActionItems.FakePhorge;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.Jobs;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>
/// What <see cref="TrackerFailureFilter"/> does with a push job the tracker failed, seen in Hangfire's job states and the
/// outbox: the real host on PostgreSQL against the fake Phorge.
/// </summary>
[Collection(SyncScenario.Collection)]
public class TrackerFailurePolicyTests
{
    [Fact]
    public async Task A_rate_limited_push_job_is_moved_to_the_reset_without_spending_a_retry()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        s.Phorge.InjectFault(PhorgeFault.RateLimited(TimeSpan.FromMinutes(10)), "maniphest.edit");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");

        await s.DrainAsync();

        var resetAt = Assert.IsType<DateTimeOffset>((await s.TargetAsync()).RateLimitedUntil);
        var (jobId, scheduled) = Assert.Single(JobStates.StorageOf(s).GetMonitoringApi().ScheduledJobs(0, 10));
        Assert.Equal(nameof(PushLinksJob), scheduled.Job.Type.Name);
        Assert.InRange(scheduled.EnqueueAt, resetAt.UtcDateTime.AddSeconds(-1), resetAt.UtcDateTime.AddSeconds(1));
        Assert.Null(RetryCount(s, jobId));
        Assert.Equal(0, s.FailedCount);
        var row = await PushRowAsync(s, item.Id);
        Assert.Null(row.ProcessedAt);
        Assert.Equal(resetAt, row.NextAttemptAt);
    }

    [Fact]
    public async Task A_permanent_target_wide_failure_of_a_push_job_halts_the_target_and_ends_the_job_without_a_retry()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems", token: "api-" + new string('x', 28));
        var item = await s.CreateItemAsync("Rotate the TLS certificates");

        await s.DrainAsync();

        var jobId = LastJobOf<PushLinksJob>(s);
        Assert.Equal(SucceededState.StateName, JobStates.StateOf(JobStates.StorageOf(s), jobId));
        Assert.Null(RetryCount(s, jobId));
        Assert.Equal((0L, 0L), (s.ScheduledCount, s.FailedCount));
        Assert.Contains("ERR-INVALID-AUTH", (await s.TargetAsync()).LastError, StringComparison.Ordinal);
        // Left pending, due again once the configuration is fixed (a start lifts the halt).
        var row = await PushRowAsync(s, item.Id);
        Assert.Equal((null, null, 1), (row.ProcessedAt, row.NextAttemptAt, row.Attempts));
    }

    [Fact]
    public async Task A_transient_push_failure_is_recorded_on_the_outbox_and_retried_by_hangfire_until_the_push_is_through()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        s.Phorge.InjectFault(PhorgeFault.ServerError, "maniphest.edit");

        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c));
        await s.DrainAsync();

        var jobId = LastJobOf<PushLinksJob>(s);
        Assert.Equal(ScheduledState.StateName, JobStates.StateOf(JobStates.StorageOf(s), jobId));
        Assert.Equal("1", RetryCount(s, jobId));
        var failed = await PushRowAsync(s, item.Id);
        Assert.Equal((null, 1), (failed.ProcessedAt, failed.Attempts));
        Assert.NotNull(failed.LastError);

        await s.RunScheduledNowAsync();

        Assert.Equal(SucceededState.StateName, JobStates.StateOf(JobStates.StorageOf(s), jobId));
        Assert.Equal("resolved", Assert.Single(s.Phorge.Phorge.AllTasks()).Status);
        var pushed = await PushRowAsync(s, item.Id);
        Assert.Equal((true, null), (pushed.ProcessedAt is not null, pushed.LastError));
    }

    private static string? RetryCount(SyncScenario s, string jobId) => JobStates.RetryCountOf(JobStates.StorageOf(s), jobId);

    private static string LastJobOf<TJob>(SyncScenario s) => JobStates.LastJobOf<TJob>(JobStates.StorageOf(s));

    /// <summary>The newest push row of the item's link.</summary>
    private static async Task<OutboxMessage> PushRowAsync(SyncScenario s, long itemId)
    {
        await using var db = s.Db();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.ActionItemId == itemId && m.TrackerLinkId != null)
            .OrderByDescending(m => m.Id).FirstAsync();
    }
}
