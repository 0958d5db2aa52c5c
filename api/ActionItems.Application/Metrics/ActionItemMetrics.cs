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
/// The figures of the Prometheus endpoint, counted by the database at scrape time: three grouped queries, none of which
/// loads an item, so a scrape costs the same few aggregate scans at any size. "Open" and "overdue" are the rules of
/// the API's <c>open</c>/<c>overdue</c> filters (<see cref="Stats.ActionItemFilter"/>) and of an incident's
/// <c>openItems</c>/<c>overdueItems</c>: an open status per <see cref="ActionItemStatusRules"/>, and for overdue a due
/// date before today (UTC); archived items are left out.
/// </summary>
public sealed class ActionItemMetrics(ActionItemsDbContext db, TimeProvider clock)
{
    private static readonly List<ActionItemStatus> OpenStatuses = [.. ActionItemStatusRules.OpenStatuses];

    public async Task<MetricsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var live = db.ActionItems.AsNoTracking().Where(i => i.ArchivedAt == null);

        // The three open-item gauges share their groups, so one GROUP BY with conditional counts answers all of them.
        var open = await live
            .Where(i => OpenStatuses.Contains(i.Status))
            .GroupBy(i => new { i.Team, i.Priority })
            .Select(g => new
            {
                g.Key.Team,
                g.Key.Priority,
                Open = g.Count(),
                Unassigned = g.Count(i => i.OwnerId == null),
                Overdue = g.Count(i => i.DueDate != null && i.DueDate < today),
            })
            .ToListAsync(cancellationToken);

        var byStatus = await live
            .GroupBy(i => i.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
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
            [.. open.GroupBy(r => (Team: r.Team ?? "", r.Priority))
                .Select(g => new OpenItemGauge(g.Key.Team, g.Key.Priority, g.Sum(r => r.Open), g.Sum(r => r.Unassigned), g.Sum(r => r.Overdue)))
                .OrderBy(g => g.Team, StringComparer.Ordinal).ThenBy(g => g.Priority)],
            [.. byStatus.Select(r => new StatusCount(r.Status, r.Count)).OrderBy(r => r.Status)],
            [.. links.Select(r => new SyncLinkCount(targetNames.GetValueOrDefault(r.SyncTargetId, $"#{r.SyncTargetId}"), r.State, r.Count))
                .OrderBy(r => r.Target, StringComparer.Ordinal).ThenBy(r => r.State)]);
    }
}
