using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Engine;

/// <summary>
/// The one rule for queuing a link's push, used wherever a change or a request means a link must be pushed (a local
/// change fanned out by <see cref="OutboxDrain"/>, a change relayed from another tracker by <see cref="SyncEngine"/>, a
/// requestSync or a kept local value): a pending row no push has claimed yet (<see cref="OutboxMessage.NextAttemptAt"/>
/// null) carries the new change too and is reused. A claimed row may belong to a push that is running: it loaded its rows
/// when it started, may have read the item before this change, and marks those rows processed when it ends
/// (<see cref="LinkPush"/>), so reusing (or un-claiming) that row could settle the change without sending it. Such a link
/// gets a new row instead, which the next push sends; that push settles the older rows with it (a parked or waiting one
/// included, so a new change still retries them at once).
/// <para>
/// "Unclaimed" means "no push holds it" only because a push claims every row it loaded (<see cref="Hold"/>) before it reads
/// the item: a push also loads rows nobody claimed for it (a relayed change the drain has not claimed yet, rows past the
/// drain's claim page, a row fanned out between the drain's two saves).
/// </para>
/// </summary>
public static class LinkPushRows
{
    /// <summary>
    /// Returns, per link, its unclaimed pending row, adding one (unsaved) where there is none. The caller saves, and claims
    /// the rows if it enqueues the push itself.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> QueueAsync(ActionItemsDbContext db, IReadOnlyCollection<TrackerLink> links,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (links.Count == 0)
        {
            return [];
        }
        var linkIds = links.Select(l => l.Id).ToList();
        var unclaimed = await db.OutboxMessages
            .Where(m => m.TrackerLinkId != null && linkIds.Contains(m.TrackerLinkId.Value) && m.ProcessedAt == null && m.NextAttemptAt == null)
            .ToListAsync(cancellationToken);
        // Rows added in this unit of work and not saved yet are unclaimed too (two changes of one link before a save).
        unclaimed.AddRange(db.ChangeTracker.Entries<OutboxMessage>()
            .Where(e => e.State == EntityState.Added && e.Entity.TrackerLinkId is { } linkId && linkIds.Contains(linkId) &&
                        e.Entity.ProcessedAt == null && e.Entity.NextAttemptAt == null)
            .Select(e => e.Entity));
        var queued = new List<OutboxMessage>();
        foreach (var link in links.DistinctBy(l => l.Id))
        {
            var rows = unclaimed.Where(m => m.TrackerLinkId == link.Id).ToList();
            if (rows.Count == 0)
            {
                var row = new OutboxMessage { Kind = OutboxKinds.LinkPush, ActionItemId = link.ActionItemId, TrackerLinkId = link.Id, CreatedAt = now };
                db.OutboxMessages.Add(row);
                rows.Add(row);
            }
            queued.AddRange(rows);
        }
        return queued;
    }

    /// <summary>
    /// Claims the rows a push has loaded and will settle, so <see cref="QueueAsync"/> no longer reuses them for a later
    /// change; the caller saves before the push reads the item. A row already claimed keeps its time (the drain's
    /// redelivery, a parked or waiting row's). Unsettled rows come due again after <see cref="OutboxDrain.Redelivery"/>, as
    /// the drain's claim does.
    /// </summary>
    public static void Hold(IEnumerable<OutboxMessage> rows, DateTimeOffset now)
    {
        foreach (var row in rows.Where(r => r.NextAttemptAt is null))
        {
            row.NextAttemptAt = now + OutboxDrain.Redelivery;
        }
    }
}
