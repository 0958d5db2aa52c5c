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

    /// <summary>
    /// Records a failed push of links of one target on the target and on the links not yet done: those with outbox rows
    /// still pending (a link completed before the failure had its rows marked processed).
    /// </summary>
    public async Task<Outcome> LinksFailedAsync(long targetId, IReadOnlyCollection<long> linkIds, TrackerException failure,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (target is null)
        {
            return Outcome.Handled;
        }
        var rows = await db.OutboxMessages
            .Where(m => m.TrackerLinkId != null && linkIds.Contains(m.TrackerLinkId.Value) && m.ProcessedAt == null)
            .ToListAsync(cancellationToken);
        var pendingLinkIds = rows.Select(r => r.TrackerLinkId!.Value).Distinct().ToList();
        var links = await db.TrackerLinks.Where(l => l.SyncTargetId == targetId && pendingLinkIds.Contains(l.Id)).ToListAsync(cancellationToken);
        var pushes = links.Select(l => new LinkPush(l, [.. rows.Where(r => r.TrackerLinkId == l.Id)])).ToList();
        var outcome = Outcome.Handled;
        switch (failure)
        {
            case TrackerRateLimitedException limited:
                target.RateLimitedUntil = limited.RetryAt;
                pushes.ForEach(p => p.Postponed(failure.Message, limited.RetryAt));
                outcome = Outcome.Reschedule;
                break;
            case TrackerPermanentException { AffectsWholeTarget: true }:
                Halt(target, failure.Message, now);
                // Due again as soon as the configuration is fixed (start clears the halt).
                pushes.ForEach(p => p.Postponed(failure.Message, null));
                break;
            case TrackerPermanentException:
                pushes.ForEach(p => p.Refused(failure.Message));
                break;
            case TrackerObjectGoneException gone:
                foreach (var push in pushes)
                {
                    if (push.Link.RemoteId == gone.RemoteId || push.Link.RemoteInternalId == gone.RemoteId)
                    {
                        push.Gone(failure.Message, now);
                    }
                    else
                    {
                        push.Postponed(failure.Message, now + OutboxDrain.Redelivery);
                    }
                }
                outcome = Outcome.Retry;
                break;
            default:
                pushes.ForEach(p => p.Postponed(failure.Message, now + OutboxDrain.Redelivery));
                outcome = Outcome.Retry;
                break;
        }
        await db.SaveChangesAsync(cancellationToken);
        LogPushFailure(logger, ChainUnlessRetried(failure, outcome), pushes.Count, target.Name, failure.GetType().Name, failure.Message);
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
        LogPollFailure(logger, ChainUnlessRetried(failure, outcome), target.Name, failure.GetType().Name, failure.Message);
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

    /// <summary>
    /// A failure left for a retry is logged again, with its exception chain, by Hangfire's <c>AutomaticRetry</c>
    /// ("Failed to process the job … Retry attempt n"): this line then names the failure without repeating the chain.
    /// Failures that end here (handled, rescheduled to a rate-limit reset) are logged nowhere else and keep it.
    /// </summary>
    public static Exception? ChainUnlessRetried(TrackerException failure, Outcome outcome) =>
        outcome == Outcome.Retry ? null : failure;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Push of {Links} link(s) to {Target} failed ({Kind}): {Reason}")]
    private static partial void LogPushFailure(ILogger logger, Exception? exception, int links, string target, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of {Target} failed ({Kind}): {Reason}")]
    private static partial void LogPollFailure(ILogger logger, Exception? exception, string target, string kind, string reason);
}
