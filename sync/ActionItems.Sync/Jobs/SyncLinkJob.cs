using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Pushes (or creates) one link and merges what the tracker has; running it twice changes nothing the second
/// time. One per link at a time: a second job waits up to 30 s for the running one, then fails and is retried.
/// Tracker failures follow <see cref="TrackerFailureFilter"/>; transient ones are retried by Hangfire (its default
/// backoff grows with the fourth power of the attempt and adds random jitter).
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[OneAtATime(SyncLocks.Link, waitSeconds: 30, WhenBusy.FailForRetry)]
[RecordsTrackerFailures(TrackerFailureSubject.Link)]
public sealed class SyncLinkJob(ActionItemsDbContext db, SyncEngine engine, TimeProvider clock)
{
    public async Task RunAsync(long linkId, CancellationToken cancellationToken)
    {
        var link = await db.TrackerLinks.FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is null)
        {
            return;
        }
        var session = await engine.OpenAsync(link.SyncTargetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        WaitForRateLimitResetException.ThrowIfWaiting(session.Target, clock);
        // Rows written after this point belong to a later change and stay pending for the next run.
        var outboxIds = await db.OutboxMessages.Where(m => m.TrackerLinkId == linkId && m.ProcessedAt == null)
            .Select(m => m.Id).ToListAsync(cancellationToken);
        await engine.SyncLinkAsync(session, link, cancellationToken);
        var now = clock.GetUtcNow();
        await db.OutboxMessages.Where(m => outboxIds.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.LastError, (string?)null), cancellationToken);
    }
}
