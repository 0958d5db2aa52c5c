using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Hourly: deletes per-minute tracker call counts older than <see cref="TrackerCallCounts.Retention"/>. Only the last
/// hour is ever read; the rest is kept a little for looking back in SQL, and without this the table would grow by a
/// row per target and minute for ever.
/// </summary>
[AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class PurgeTrackerCallCountsJob(ActionItemsDbContext db, TimeProvider clock)
{
    public const string RecurringId = "sync:purge-tracker-call-counts";

    /// <returns>How many rows were deleted.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - TrackerCallCounts.Retention;
        return await db.TrackerCallCounts.Where(c => c.BucketStart < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
