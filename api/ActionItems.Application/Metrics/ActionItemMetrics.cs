using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Metrics;

/// <summary>Open items of one team (empty when the item has none) and priority, with those of them unassigned and overdue.</summary>
public sealed record OpenItemGauge(string Team, Priority Priority, int Open, int Unassigned, int Overdue);

/// <summary>Items (archived ones left out) in one status.</summary>
public sealed record StatusCount(ActionItemStatus Status, int Count);

/// <summary>Tracker links of one sync target in one state.</summary>
public sealed record SyncLinkCount(string Target, TrackerLinkState State, int Count);

/// <summary>What a scrape reports; only groups with at least one item or link appear.</summary>
public sealed record MetricsSnapshot(
    IReadOnlyList<OpenItemGauge> OpenItems,
    IReadOnlyList<StatusCount> ItemsByStatus,
    IReadOnlyList<SyncLinkCount> SyncLinks);

/// <summary>
/// The figures of the Prometheus endpoint, counted by the database at scrape time: one grouped query over the items and
/// one over the tracker links (plus the target names), none of which loads an item, so a scrape is one scan of the items
/// at any size. "Open" and "overdue" are the rules of the API's <c>open</c>/<c>overdue</c> filters
/// (<see cref="Stats.ActionItemFilter"/>) and of an incident's <c>openItems</c>/<c>overdueItems</c>: an open status per
/// <see cref="ActionItemStatusRules"/>, and for overdue a due date before today (UTC); archived items are left out.
/// </summary>
public sealed class ActionItemMetrics(ActionItemsDbContext db, TimeProvider clock)
{
    public async Task<MetricsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // One scan of the live items answers every item family: the groups by team, priority and status (a few hundred
        // rows at most) are summed here into the open-item gauges and the status totals.
        var groups = await db.ActionItems.AsNoTracking()
            .Where(i => i.ArchivedAt == null)
            .GroupBy(i => new { i.Team, i.Priority, i.Status })
            .Select(g => new
            {
                g.Key.Team,
                g.Key.Priority,
                g.Key.Status,
                Count = g.Count(),
                Unassigned = g.Count(i => i.OwnerId == null),
                Overdue = g.Count(i => i.DueDate != null && i.DueDate < today),
            })
            .ToListAsync(cancellationToken);

        var links = await db.TrackerLinks.AsNoTracking()
            .GroupBy(l => new { l.SyncTargetId, l.State })
            .Select(g => new { g.Key.SyncTargetId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var targetNames = links.Count == 0
            ? []
            : await db.SyncTargets.AsNoTracking().Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);

        return new MetricsSnapshot(
            // No team reads as the empty label value (Prometheus's "label absent"); a stored empty team is the same series.
            [.. groups.Where(r => r.Status.IsOpen()).GroupBy(r => (Team: r.Team ?? "", r.Priority))
                .Select(g => new OpenItemGauge(g.Key.Team, g.Key.Priority, g.Sum(r => r.Count), g.Sum(r => r.Unassigned), g.Sum(r => r.Overdue)))
                .OrderBy(g => g.Team, StringComparer.Ordinal).ThenBy(g => g.Priority)],
            [.. groups.GroupBy(r => r.Status).Select(g => new StatusCount(g.Key, g.Sum(r => r.Count))).OrderBy(r => r.Status)],
            [.. links.Select(r => new SyncLinkCount(targetNames.GetValueOrDefault(r.SyncTargetId, $"#{r.SyncTargetId}"), r.State, r.Count))
                .OrderBy(r => r.Target, StringComparer.Ordinal).ThenBy(r => r.State)]);
    }
}
