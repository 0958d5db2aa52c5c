using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Hourly: deletes per-minute tracker call counts older than <see cref="TrackerCallCounts.Retention"/>. Only the last
/// hour is ever read; the rest is kept a little for looking back in SQL, and without this the table would grow by a
/// row per target and minute for ever. It also deletes webhook claims (<see cref="WebhookDelivery"/>) older than their
/// window: they no longer count, and every accepted delivery adds one.
/// </summary>
[AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class PurgeTrackerCallCountsJob(ActionItemsDbContext db, TimeProvider clock)
{
    public const string RecurringId = "sync:purge-tracker-call-counts";

    /// <returns>How many rows were deleted (call counts and webhook claims together).</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - TrackerCallCounts.Retention;
        var counts = await db.TrackerCallCounts.Where(c => c.BucketStart < cutoff).ExecuteDeleteAsync(cancellationToken);
        var claimsCutoff = now - WebhookDelivery.Window;
        var claims = await db.WebhookDeliveries.Where(d => d.ReceivedAt < claimsCutoff).ExecuteDeleteAsync(cancellationToken);
        return counts + claims;
    }
}
