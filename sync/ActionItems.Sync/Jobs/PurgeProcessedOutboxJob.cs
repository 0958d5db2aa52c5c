using ActionItems.Core;
using ActionItems.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Daily: deletes outbox rows processed longer than the retention ago (<c>Sync:ProcessedOutboxRetention</c>,
/// default 7 days). A processed row only records sync work already done; kept, the table would grow with every
/// edit for ever and the drain's look-ups with it. Rows still waiting (unprocessed, or failing and retried) are
/// never touched. Deletes in batches; each batch commits on its own, so a retry or a second run just goes on.
/// </summary>
[AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class PurgeProcessedOutboxJob(ActionItemsDbContext db, TimeProvider clock, OutboxRetention retention)
{
    public const string RecurringId = "sync:purge-processed-outbox";

    /// <summary>
    /// Rows per DELETE: the first purge of an old deployment meets every processed row ever written, and one
    /// statement for all of them could outlast the command timeout, roll back and fail the same way every day.
    /// </summary>
    public int BatchSize { get; init; } = 10_000;

    /// <returns>How many rows were deleted.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - retention.Processed;
        var purgeable = db.OutboxMessages.Where(m => m.ProcessedAt != null && m.ProcessedAt < cutoff);
        var deleted = 0;
        int batch;
        do
        {
            var ids = purgeable.OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize);
            batch = await db.OutboxMessages.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
            deleted += batch;
        }
        while (batch == BatchSize);
        return deleted;
    }
}

/// <summary>How long processed outbox rows are kept (for looking back at recent sync work in SQL).</summary>
public sealed record OutboxRetention(TimeSpan Processed)
{
    public const string Key = "Sync:ProcessedOutboxRetention";
    public static readonly TimeSpan Default = TimeSpan.FromDays(7);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <exception cref="ConfigurationErrorException">The value is set but not a positive duration.</exception>
    public static OutboxRetention FromConfiguration(IConfiguration configuration) =>
        new(ConfiguredDuration.Read(Key, configuration[Key], Default, ConfiguredDuration.Positive, Longest,
            "a positive duration (d.hh:mm:ss, e.g. 7.00:00:00)", tooLong: $"is longer than {Longest.Days} days"));
}
