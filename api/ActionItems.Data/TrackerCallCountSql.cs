using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Data;

/// <summary>Adds to the per-minute tracker call counts (<see cref="TrackerCallCount"/>) from any number of processes at once.</summary>
public static class TrackerCallCountSql
{
    public const string Table = "tracker_call_counts";

    /// <summary>
    /// One atomic upsert, the same text on PostgreSQL and SQLite: two processes adding to the same minute at once both
    /// land, where a read-then-write would lose one of them.
    /// </summary>
    private const string UpsertSql = $$"""
        INSERT INTO {{Table}} (target_name, bucket_start, calls) VALUES ({0}, {1}, {2})
        ON CONFLICT (target_name, bucket_start) DO UPDATE SET calls = {{Table}}.calls + excluded.calls
        """;

    /// <summary>Adds <paramref name="calls"/> to the row of the target and minute, creating it if needed.</summary>
    public static Task AddAsync(ActionItemsDbContext db, string targetName, DateTimeOffset bucketStart, long calls,
        CancellationToken cancellationToken)
    {
        var bucket = RawSqlValues.ForProperty<TrackerCallCount>(db, nameof(TrackerCallCount.BucketStart), bucketStart);
        return db.Database.ExecuteSqlRawAsync(UpsertSql, [targetName, bucket, calls], cancellationToken);
    }
}
