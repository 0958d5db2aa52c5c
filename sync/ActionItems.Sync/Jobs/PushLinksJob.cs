using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Pushes (or creates) up to <see cref="SyncEngine.BatchSize"/> links of one target (<see cref="SyncEngine.PushLinksAsync"/>):
/// the drain and requestSync enqueue it with the links whose outbox rows they claimed. Re-entrant: only links with rows
/// still pending are pushed, and each link's rows are marked processed as the link completes, so a retry (or a second
/// job with the same links) does only what is left. One push per target at a time, apart from the target's poll: two
/// pushes never send the same link at once, and a waiting push runs as soon as the running one ends (it fails for a
/// retry after two minutes). Tracker failures of the whole batch follow <see cref="TrackerFailureFilter"/>; transient
/// ones are retried by Hangfire (its default backoff grows with the fourth power of the attempt and adds random jitter).
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[OneAtATime(SyncLocks.Push, waitSeconds: 120, WhenBusy.FailForRetry)]
[RecordsTrackerFailures(TrackerFailureSubject.Links)]
public sealed class PushLinksJob(ActionItemsDbContext db, SyncEngine engine, TimeProvider clock)
{
    public async Task RunAsync(long targetId, long[] linkIds, CancellationToken cancellationToken)
    {
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        WaitForRateLimitResetException.ThrowIfWaiting(session.Target, clock);
        // Rows written after this point belong to a later change and stay pending for the next run.
        var rows = await db.OutboxMessages
            .Where(m => m.TrackerLinkId != null && linkIds.Contains(m.TrackerLinkId.Value) && m.ProcessedAt == null)
            .ToListAsync(cancellationToken);
        var links = await db.TrackerLinks.Where(l => l.SyncTargetId == targetId && linkIds.Contains(l.Id)).OrderBy(l => l.Id)
            .ToListAsync(cancellationToken);
        var pushes = links.Select(l => new LinkPush(l, [.. rows.Where(r => r.TrackerLinkId == l.Id)])).Where(p => p.Rows.Count > 0).ToList();
        if (pushes.Count > 0)
        {
            // Saved before the push reads the items: a change queued from now on gets a row of its own (LinkPushRows).
            LinkPushRows.Hold(pushes.SelectMany(p => p.Rows), clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            await engine.PushLinksAsync(session, pushes, cancellationToken);
        }
    }

    /// <summary>One job per target and <see cref="SyncEngine.BatchSize"/> links, in link order.</summary>
    public static void EnqueueFor(IBackgroundJobClient jobs, IEnumerable<(long TargetId, long LinkId)> links)
    {
        foreach (var target in links.Distinct().GroupBy(l => l.TargetId))
        {
            foreach (var batch in target.Select(l => l.LinkId).Order().Chunk(SyncEngine.BatchSize))
            {
                var targetId = target.Key;
                jobs.Enqueue<PushLinksJob>(j => j.RunAsync(targetId, batch, CancellationToken.None));
            }
        }
    }
}
