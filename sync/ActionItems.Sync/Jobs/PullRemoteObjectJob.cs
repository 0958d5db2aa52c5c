using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// A targeted pull (a webhook hint): re-reads one remote object and applies it to the link that points at it, so
/// replayed or out-of-order events are harmless. It holds the target's push lock, so it never merges a link while a
/// push of that link is under way (the read-back of our own edit lands first, and the echo then changes nothing).
/// A link's own failures (a refused update, a task gone) are recorded on the link by the engine. While it waits to run,
/// webhooks for the same object queue nothing more (<see cref="WebhookDelivery.PullKey"/>); it releases that claim as it
/// starts, before reading, so a change made after the read is pulled by the next delivery.
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[OneAtATime(SyncLocks.Push, waitSeconds: 120, WhenBusy.FailForRetry)]
[RecordsTrackerFailures(TrackerFailureSubject.Target)]
public sealed class PullRemoteObjectJob(SyncEngine engine, ActionItemsDbContext db)
{
    public async Task RunAsync(long targetId, string remoteId, CancellationToken cancellationToken)
    {
        await WebhookDeliverySql.ReleaseAsync(db, targetId, WebhookDelivery.PullKey(remoteId), cancellationToken);
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        await engine.PullAsync(session, remoteId, cancellationToken);
    }
}
