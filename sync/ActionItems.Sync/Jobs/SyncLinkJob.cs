using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Pushes (or creates) one link and merges what the tracker has. One per link at a time; running it twice
/// changes nothing the second time. Transient failures are retried by Hangfire (its default backoff grows
/// with the fourth power of the attempt and adds random jitter).
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class SyncLinkJob(ActionItemsDbContext db, SyncEngine engine, SyncFailures failures, SyncLocks locks,
    IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>How long a job waits for another job of the same link before Hangfire retries it.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(long linkId, CancellationToken cancellationToken)
    {
        using var held = locks.TryAcquire(SyncLocks.ForLink(linkId), LockWait)
                         ?? throw new TimeoutException($"link {linkId} is being synced by another job");
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
        if (session.Target.RateLimitedUntil is { } until && until > clock.GetUtcNow())
        {
            jobs.Schedule<SyncLinkJob>(j => j.RunAsync(linkId, CancellationToken.None), until);
            return;
        }
        // Rows written after this point belong to a later change and stay pending for the next run.
        var outboxIds = await db.OutboxMessages.Where(m => m.TrackerLinkId == linkId && m.ProcessedAt == null)
            .Select(m => m.Id).ToListAsync(cancellationToken);
        try
        {
            await engine.SyncLinkAsync(session, link, cancellationToken);
            var now = clock.GetUtcNow();
            await db.OutboxMessages.Where(m => outboxIds.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, now).SetProperty(m => m.LastError, (string?)null), cancellationToken);
        }
        catch (TrackerException e)
        {
            switch (await failures.LinkFailedAsync(linkId, outboxIds, e, CancellationToken.None))
            {
                case SyncFailures.Outcome.Reschedule when e is TrackerRateLimitedException limited:
                    jobs.Schedule<SyncLinkJob>(j => j.RunAsync(linkId, CancellationToken.None), limited.RetryAt);
                    break;
                case SyncFailures.Outcome.Retry:
                    throw;
            }
        }
    }
}
