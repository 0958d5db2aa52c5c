using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Drains the outbox: enqueued right after a change commits, and every minute as a safety sweep (a lost
/// enqueue, a crashed job, a rate limit that expired). Drains run one at a time (<see cref="OneAtATimeAttribute"/>,
/// so across processes and on both database providers): two overlapping drains would read the same due rows and
/// both enqueue push jobs for them (one extra look-up per link), and both create a pending link for the same new
/// item (the second fails on the unique index). Serialising the drain makes every due row claimed and every item
/// change fanned out by exactly one drain; a drain is a few bulk statements, so waiting for the other costs little.
/// It waits rather than skips: the running drain may have read the outbox before this drain's change committed.
/// After a minute it gives up and the minutely sweep drains.
/// </summary>
[AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[OneAtATime(SyncLocks.Drain, waitSeconds: 60, WhenBusy.Skip)]
public sealed class DrainOutboxJob(OutboxDrain drain, IBackgroundJobClient jobs)
{
    public const string RecurringId = "sync:outbox-sweep";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var work = await drain.DrainAsync(cancellationToken);
        foreach (var targetId in work.TargetsToFill)
        {
            jobs.Enqueue<FillTargetJob>(j => j.RunAsync(targetId, CancellationToken.None));
        }
        PushLinksJob.EnqueueFor(jobs, work.Links);
    }
}
