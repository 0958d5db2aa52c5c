using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Drains the outbox: enqueued right after a change commits, and every minute as a safety sweep (a lost
/// enqueue, a crashed job, a rate limit that expired). Runs one at a time; a second one waits for the first.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 60)]
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
