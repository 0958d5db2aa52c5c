using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// The recurring poll of one target. One per target at a time: a poll that finds another running leaves
/// (the next interval comes soon). A rate-limited target is polled again at its reset, never by sleeping.
/// </summary>
[AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class PollTargetJob(SyncEngine engine, SyncFailures failures, SyncLocks locks, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task RunAsync(long targetId, CancellationToken cancellationToken)
    {
        using var held = locks.TryAcquire(SyncLocks.ForTarget(targetId), TimeSpan.Zero);
        if (held is null)
        {
            return;
        }
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null || (session.Target.RateLimitedUntil is { } until && until > clock.GetUtcNow()))
        {
            return;
        }
        try
        {
            await engine.PollAsync(session, cancellationToken);
        }
        catch (TrackerException e)
        {
            if (await failures.TargetRunFailedAsync(targetId, e) is { } retryAt)
            {
                jobs.Schedule<PollTargetJob>(j => j.RunAsync(targetId, CancellationToken.None), retryAt);
            }
        }
    }
}
