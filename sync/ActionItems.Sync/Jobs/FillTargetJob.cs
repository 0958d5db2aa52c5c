using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Fills a target's new links (from an import) right away instead of at the next poll: 100 tasks per call,
/// with history backfill. Shares the poll's lock, so it never runs beside a poll of the same target: it waits
/// up to 30 s for the poll, then fails and is retried.
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[OneAtATime(SyncLocks.Target, waitSeconds: 30, WhenBusy.FailForRetry)]
[RecordsTrackerFailures(TrackerFailureSubject.Target)]
public sealed class FillTargetJob(SyncEngine engine, TimeProvider clock)
{
    public async Task RunAsync(long targetId, CancellationToken cancellationToken)
    {
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        WaitForRateLimitResetException.ThrowIfWaiting(session.Target, clock);
        await engine.FillAsync(session, cancellationToken);
    }
}
