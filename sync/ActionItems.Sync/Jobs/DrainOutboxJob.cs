using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Drains the outbox: enqueued right after a change commits, and every minute as a safety sweep (a lost
/// enqueue, a crashed job, a rate limit that expired). Two drains at once are harmless: a link job enqueued
/// twice runs once at a time and changes nothing the second time, and a second pending create for the same
/// item and target is refused by the unique index (that drain fails and is retried).
/// </summary>
[AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
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
        foreach (var linkId in work.LinkIds)
        {
            jobs.Enqueue<SyncLinkJob>(j => j.RunAsync(linkId, CancellationToken.None));
        }
    }
}
