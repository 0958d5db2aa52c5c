using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Turns committed local changes into sync work: an item change becomes one pending push per link (and,
/// per push policy, a pending create), and the due links are handed out in batches per target. Link rows stay pending until their
/// push succeeded, so nothing is lost when a job dies; the recurring sweep picks them up again.
/// </summary>
public sealed class OutboxDrain(ActionItemsDbContext db, SyncTargetRegistry registry, TimeProvider clock)
{
    private const int PageSize = 500;

    /// <summary>How long an enqueued link row waits before the sweep enqueues it again (its job should be done by then).</summary>
    public static readonly TimeSpan Redelivery = TimeSpan.FromMinutes(5);

    /// <summary>A permanent failure parks a row until the item changes again.</summary>
    public static readonly DateTimeOffset Parked = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The work a drain found: links to push or create (with their target), targets with links to fill.</summary>
    public sealed record Work(IReadOnlyList<(long TargetId, long LinkId)> Links, IReadOnlyList<long> TargetsToFill);

    /// <summary>Fans out item changes, then claims the due link rows; returns the jobs to enqueue.</summary>
    public async Task<Work> DrainAsync(CancellationToken cancellationToken)
    {
        var targetsToFill = new HashSet<long>();
        while (await FanOutAsync(targetsToFill, cancellationToken))
        {
        }
        return new Work(await ClaimDueLinksAsync(cancellationToken), [.. targetsToFill]);
    }

    private async Task<bool> FanOutAsync(HashSet<long> targetsToFill, CancellationToken cancellationToken)
    {
        var rows = await db.OutboxMessages
            .Where(m => m.Kind == OutboxKinds.ItemChanged && m.ProcessedAt == null)
            .OrderBy(m => m.Id).Take(PageSize)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var itemIds = rows.Select(r => r.ActionItemId).Distinct().ToList();
        var items = await db.ActionItems.Include(i => i.Links).Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var configured = await ConfiguredTargetsAsync(cancellationToken);

        var linksToPush = new List<TrackerLink>();
        foreach (var item in items.Values)
        {
            foreach (var link in item.Links.Where(l => l.State != TrackerLinkState.Broken))
            {
                if (link.State == TrackerLinkState.PendingFill)
                {
                    // Never filled (e.g. just imported from a postmortem): the remote wins every field, so there is
                    // nothing to push; the fill reads these tasks 100 per call instead of one job each.
                    targetsToFill.Add(link.SyncTargetId);
                    continue;
                }
                linksToPush.Add(link);
            }
            foreach (var (target, options) in configured)
            {
                if (!item.Links.Any(l => l.SyncTargetId == target.Id) && PendingLinks.PolicyWants(options, target, item))
                {
                    db.OutboxMessages.Add(PendingLinks.OutboxFor(PendingLinks.Add(item, target, now), now));
                }
            }
        }
        // A new change retries a parked or waiting push right away: its new row is due now, and the push settles the older
        // rows with it. A row a running push holds is left to that push (LinkPushRows).
        await LinkPushRows.QueueAsync(db, linksToPush, now, cancellationToken);
        foreach (var row in rows)
        {
            row.ProcessedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows.Count == PageSize;
    }

    private async Task<IReadOnlyList<(long TargetId, long LinkId)>> ClaimDueLinksAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages
            .Where(m => m.TrackerLinkId != null && m.ProcessedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now) &&
                        m.TrackerLink!.State != TrackerLinkState.Broken && m.TrackerLink.SyncTarget!.HaltedAt == null &&
                        (m.TrackerLink.SyncTarget.RateLimitedUntil == null || m.TrackerLink.SyncTarget.RateLimitedUntil <= now))
            .OrderBy(m => m.Id).Take(PageSize * 4)
            .Select(m => new { Row = m, m.TrackerLink!.SyncTargetId })
            .ToListAsync(cancellationToken);
        foreach (var claimed in due)
        {
            claimed.Row.NextAttemptAt = now + Redelivery;
        }
        await db.SaveChangesAsync(cancellationToken);
        return [.. due.Select(d => (d.SyncTargetId, d.Row.TrackerLinkId!.Value)).Distinct()];
    }

    private async Task<List<(SyncTarget Target, SyncTargetOptions Options)>> ConfiguredTargetsAsync(CancellationToken cancellationToken)
    {
        var targets = await db.SyncTargets.Where(t => t.HaltedAt == null).ToListAsync(cancellationToken);
        return [.. targets.Select(t => (t, registry.Find(t.Name)!)).Where(p => p.Item2 is not null)];
    }
}
