using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Loading;

/// <summary>
/// The batch loaders of one request (scoped): nested fields load through these, so a page of N items
/// costs one query per relation, not N.
/// </summary>
public sealed class DataLoaders(ActionItemsDbContext db, TimeProvider clock)
{
    private BatchLoader<long, Incident?>? _incidents;
    private BatchLoader<long, Person?>? _people;
    private BatchLoader<long, SyncTarget?>? _syncTargets;
    private BatchLoader<long, ActionItem?>? _items;
    private BatchLoader<long, IReadOnlyList<TrackerLink>>? _linksByItem;
    private BatchLoader<long, IReadOnlyList<ActionItemHistory>>? _historyByItem;
    private readonly Dictionary<int, BatchLoader<long, IReadOnlyList<ActionItem>>> _firstItemsByIncident = [];
    private BatchLoader<long, IReadOnlyList<TimelineEntry>>? _timelineByIncident;
    private BatchLoader<long, IReadOnlyList<ScorecardAnswer>>? _scorecardByIncident;
    private BatchLoader<long, IncidentItemCounts>? _countsByIncident;

    public BatchLoader<long, Incident?> Incidents => _incidents ??= new(
        (ids, ct) => db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => (Incident?)i, ct),
        null);

    public BatchLoader<long, Person?> People => _people ??= new(
        (ids, ct) => db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (Person?)p, ct),
        null);

    public BatchLoader<long, SyncTarget?> SyncTargets => _syncTargets ??= new(
        (ids, ct) => db.SyncTargets.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => (SyncTarget?)t, ct),
        null);

    public BatchLoader<long, ActionItem?> ActionItems => _items ??= new(
        (ids, ct) => db.ActionItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => (ActionItem?)i, ct),
        null);

    public BatchLoader<long, IReadOnlyList<TrackerLink>> LinksByItem => _linksByItem ??= new(
        async (ids, ct) => Group(await db.TrackerLinks.AsNoTracking().Where(l => ids.Contains(l.ActionItemId))
            .OrderBy(l => l.Id).ToListAsync(ct), l => l.ActionItemId),
        []);

    public BatchLoader<long, IReadOnlyList<ActionItemHistory>> HistoryByItem => _historyByItem ??= new(
        async (ids, ct) => Group(await db.ActionItemHistory.AsNoTracking().Where(h => ids.Contains(h.ActionItemId))
            .OrderBy(h => h.Id).ToListAsync(ct), h => h.ActionItemId),
        []);

    /// <summary>
    /// The first <paramref name="rowsToRead"/> items of each incident in document order (archived ones left out):
    /// one query for a whole page of incidents, the limit applied per incident in SQL.
    /// </summary>
    public BatchLoader<long, IReadOnlyList<ActionItem>> FirstItemsByIncident(int rowsToRead)
    {
        if (!_firstItemsByIncident.TryGetValue(rowsToRead, out var loader))
        {
            loader = new(
                async (ids, ct) => Group([.. (await db.Incidents.AsNoTracking()
                        .Where(incident => ids.Contains(incident.Id))
                        .SelectMany(incident => db.ActionItems.AsNoTracking()
                            .Where(i => i.IncidentId == incident.Id && i.ArchivedAt == null)
                            .OrderBy(i => i.Ordinal == 0 ? int.MaxValue : i.Ordinal).ThenBy(i => i.Id).Take(rowsToRead))
                        .ToListAsync(ct))
                    .OrderBy(i => i.Ordinal == 0 ? int.MaxValue : i.Ordinal).ThenBy(i => i.Id)], i => i.IncidentId),
                []);
            _firstItemsByIncident[rowsToRead] = loader;
        }
        return loader;
    }

    public BatchLoader<long, IReadOnlyList<TimelineEntry>> TimelineByIncident => _timelineByIncident ??= new(
        async (ids, ct) => Group(await db.TimelineEntries.AsNoTracking().Where(t => ids.Contains(t.IncidentId))
            .OrderBy(t => t.Ordinal).ToListAsync(ct), t => t.IncidentId),
        []);

    public BatchLoader<long, IReadOnlyList<ScorecardAnswer>> ScorecardByIncident => _scorecardByIncident ??= new(
        async (ids, ct) => Group(await db.ScorecardAnswers.AsNoTracking().Where(s => ids.Contains(s.IncidentId))
            .OrderBy(s => s.Ordinal).ToListAsync(ct), s => s.IncidentId),
        []);

    /// <summary>The item counts of incidents (archived items left out), one grouped query for a whole page of incidents.</summary>
    public BatchLoader<long, IncidentItemCounts> CountsByIncident => _countsByIncident ??= new(
        async (ids, ct) =>
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var rows = await db.ActionItems.AsNoTracking()
                .Where(i => ids.Contains(i.IncidentId) && i.ArchivedAt == null)
                .GroupBy(i => i.IncidentId)
                .Select(g => new
                {
                    g.Key,
                    Total = g.Count(),
                    Open = g.Count(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status)),
                    Unassigned = g.Count(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status) && i.OwnerId == null),
                    Overdue = g.Count(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status) && i.DueDate != null && i.DueDate < today),
                })
                .ToListAsync(ct);
            return rows.ToDictionary(r => r.Key, r => new IncidentItemCounts(r.Total, r.Open, r.Unassigned, r.Overdue));
        },
        new IncidentItemCounts(0, 0, 0, 0));

    /// <summary>Called by mutations: what they changed must not be served from an earlier load.</summary>
    public void Clear()
    {
        _incidents?.Clear();
        _people?.Clear();
        _syncTargets?.Clear();
        _items?.Clear();
        _linksByItem?.Clear();
        _historyByItem?.Clear();
        _firstItemsByIncident.Clear();
        _timelineByIncident?.Clear();
        _scorecardByIncident?.Clear();
        _countsByIncident?.Clear();
    }

    private static Dictionary<long, IReadOnlyList<T>> Group<T>(List<T> rows, Func<T, long> key) =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)[.. g]);
}

/// <summary>How many of an incident's items (archived ones left out) are in each state dashboards ask about.</summary>
public sealed record IncidentItemCounts(int Total, int Open, int Unassigned, int Overdue);
