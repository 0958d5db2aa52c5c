using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Fills a target's new links (from an import) right away instead of at the next poll: 100 tasks per call,
/// with history backfill. Shares the poll's lock, so it never runs beside a poll of the same target.
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class FillTargetJob(SyncEngine engine, SyncFailures failures, SyncLocks locks, IBackgroundJobClient jobs, TimeProvider clock)
{
    public async Task RunAsync(long targetId, CancellationToken cancellationToken)
    {
        using var held = locks.TryAcquire(SyncLocks.ForTarget(targetId), TimeSpan.FromSeconds(30))
                         ?? throw new TimeoutException($"target {targetId} is being polled; the fill is retried");
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        if (session.Target.RateLimitedUntil is { } until && until > clock.GetUtcNow())
        {
            jobs.Schedule<FillTargetJob>(j => j.RunAsync(targetId, CancellationToken.None), until);
            return;
        }
        try
        {
            await engine.FillAsync(session, cancellationToken);
        }
        catch (TrackerException e)
        {
            if (await failures.TargetRunFailedAsync(targetId, e) is { } retryAt)
            {
                jobs.Schedule<FillTargetJob>(j => j.RunAsync(targetId, CancellationToken.None), retryAt);
            }
        }
    }
}
