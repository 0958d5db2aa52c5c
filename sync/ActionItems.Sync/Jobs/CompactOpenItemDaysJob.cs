using ActionItems.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Hourly on PostgreSQL: merges the rows the triggers appended to the open-items-per-day rollup into one row per
/// day (<see cref="OpenItemDays.CompactSql"/>), so "open items over time" keeps reading about one row per day
/// however many edits there were. One statement, safe to run twice at once or to retry.
/// </summary>
[AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class CompactOpenItemDaysJob(ActionItemsDbContext db)
{
    public const string RecurringId = "stats:compact-open-item-days";

    public async Task RunAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(OpenItemDays.CompactSql, cancellationToken);
}
