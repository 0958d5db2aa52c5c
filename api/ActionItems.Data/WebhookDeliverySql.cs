using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Data;

/// <summary>Claims <see cref="WebhookDelivery"/> keys atomically from any number of processes at once.</summary>
public static class WebhookDeliverySql
{
    public const string Table = "webhook_deliveries";

    /// <summary>
    /// One atomic statement, the same text on PostgreSQL and SQLite: a new key is inserted, a key claimed before the
    /// cutoff is taken over, a key claimed since is left alone (0 rows). A read-then-write would let two processes
    /// both see "not there" and both queue a pull.
    /// </summary>
    private const string ClaimSql = $$"""
        INSERT INTO {{Table}} (sync_target_id, delivery_key, object_phid, received_at) VALUES ({0}, {1}, {2}, {3})
        ON CONFLICT (sync_target_id, delivery_key) DO UPDATE SET received_at = excluded.received_at, object_phid = excluded.object_phid
        WHERE {{Table}}.received_at < {4}
        """;

    /// <summary>True when this call claimed the key (new, or last claimed before <paramref name="staleBefore"/>).</summary>
    public static async Task<bool> TryClaimAsync(ActionItemsDbContext db, long syncTargetId, string deliveryKey, string objectPhid,
        DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        var at = RawSqlValues.ForProperty<WebhookDelivery>(db, nameof(WebhookDelivery.ReceivedAt), now);
        var cutoff = RawSqlValues.ForProperty<WebhookDelivery>(db, nameof(WebhookDelivery.ReceivedAt), staleBefore);
        var rows = await db.Database.ExecuteSqlRawAsync(ClaimSql, [syncTargetId, deliveryKey, objectPhid, at, cutoff], cancellationToken);
        return rows > 0;
    }

    /// <summary>Releases a claim (a queued pull that has now started), so the next delivery for its object queues again.</summary>
    public static Task<int> ReleaseAsync(ActionItemsDbContext db, long syncTargetId, string deliveryKey, CancellationToken cancellationToken) =>
        db.WebhookDeliveries.Where(d => d.SyncTargetId == syncTargetId && d.DeliveryKey == deliveryKey).ExecuteDeleteAsync(cancellationToken);
}
