using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// The error table of docs/sync.md, applied after a job failed (by <see cref="TrackerFailureFilter"/>). It runs in a
/// scope of its own, so what the failed job had changed in memory is never saved: a failed round stores only what the
/// failure says, never half a merge.
/// </summary>
public sealed partial class SyncFailures(ActionItemsDbContext db, TimeProvider clock, ILogger<SyncFailures> logger)
{
    /// <summary>What the job does after recording the failure.</summary>
    public enum Outcome
    {
        /// <summary>Recorded; the job ends normally (no Hangfire retry).</summary>
        Handled,

        /// <summary>Rate-limited: the same job runs again at the reset.</summary>
        Reschedule,

        /// <summary>Transient: the job stays failed, for Hangfire's retry with backoff.</summary>
        Retry,
    }

    /// <summary>Records a failed link run on the link, its target and the link's pending outbox rows.</summary>
    public async Task<Outcome> LinkFailedAsync(long linkId, TrackerException failure, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var link = await db.TrackerLinks.Include(l => l.SyncTarget).FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is null)
        {
            return Outcome.Handled;
        }
        var rows = await db.OutboxMessages.Where(m => m.TrackerLinkId == linkId && m.ProcessedAt == null).ToListAsync(cancellationToken);
        var outcome = Outcome.Handled;
        DateTimeOffset? next;
        switch (failure)
        {
            case TrackerRateLimitedException limited:
                link.SyncTarget!.RateLimitedUntil = limited.RetryAt;
                next = limited.RetryAt;
                outcome = Outcome.Reschedule;
                break;
            case TrackerPermanentException { AffectsWholeTarget: true }:
                Halt(link.SyncTarget!, failure.Message, now);
                // Due again as soon as the configuration is fixed (start clears the halt).
                next = null;
                break;
            case TrackerPermanentException:
                link.State = TrackerLinkState.Error;
                link.LastError = failure.Message;
                next = OutboxDrain.Parked;
                break;
            case TrackerObjectGoneException:
                link.State = TrackerLinkState.Broken;
                link.LastError = failure.Message;
                rows.ForEach(r => r.ProcessedAt = now);
                next = null;
                break;
            default:
                next = now + OutboxDrain.Redelivery;
                outcome = Outcome.Retry;
                break;
        }
        foreach (var row in rows)
        {
            row.Attempts++;
            row.LastError = failure.Message;
            row.NextAttemptAt = next;
        }
        await db.SaveChangesAsync(cancellationToken);
        LogLinkFailure(logger, failure, linkId, failure.GetType().Name, failure.Message);
        return outcome;
    }

    /// <summary>Records a failed target-wide run (poll, fill, targeted pull) on the target.</summary>
    public async Task<Outcome> TargetFailedAsync(long targetId, TrackerException failure, CancellationToken cancellationToken)
    {
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (target is null)
        {
            return Outcome.Handled;
        }
        var now = clock.GetUtcNow();
        target.LastPollAt = now;
        target.LastError = failure.Message;
        var outcome = failure switch
        {
            TrackerRateLimitedException limited => RateLimited(target, limited),
            TrackerPermanentException => Halt(target, failure.Message, now),
            _ => Outcome.Retry,
        };
        await db.SaveChangesAsync(cancellationToken);
        LogPollFailure(logger, failure, target.Name, failure.GetType().Name, failure.Message);
        return outcome;
    }

    private static Outcome RateLimited(SyncTarget target, TrackerRateLimitedException limited)
    {
        target.RateLimitedUntil = limited.RetryAt;
        return Outcome.Reschedule;
    }

    private static Outcome Halt(SyncTarget target, string message, DateTimeOffset now)
    {
        target.HaltedAt = now;
        target.LastError = message;
        return Outcome.Handled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of link {LinkId} failed ({Kind}): {Reason}")]
    private static partial void LogLinkFailure(ILogger logger, Exception exception, long linkId, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of {Target} failed ({Kind}): {Reason}")]
    private static partial void LogPollFailure(ILogger logger, Exception exception, string target, string kind, string reason);
}
