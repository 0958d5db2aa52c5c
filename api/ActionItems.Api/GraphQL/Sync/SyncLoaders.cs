using ActionItems.Api.GraphQL.Loading;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Sync;

/// <summary>
/// Batch loaders of one request for sync fields (links by id, open conflicts per link and per item, calls and link counts
/// per target): one query per level.
/// </summary>
public sealed class SyncLoaders(ActionItemsDbContext db, TrackerCallCounts callCounts)
{
    private BatchLoader<string, int>? _callsLastHour;

    private BatchLoader<long, IReadOnlyList<SyncConflict>>? _openByLink;
    private BatchLoader<long, IReadOnlyList<SyncConflict>>? _openByItem;
    private BatchLoader<long, TrackerLink?>? _links;
    private BatchLoader<long, IReadOnlyList<LinkStateCount>>? _linkCountsByTarget;

    public BatchLoader<long, TrackerLink?> Links => _links ??= new(
        (ids, ct) => db.TrackerLinks.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => (TrackerLink?)l, ct),
        null);

    public BatchLoader<long, IReadOnlyList<SyncConflict>> OpenConflictsByLink => _openByLink ??= new(
        async (ids, ct) => Group(await db.SyncConflicts.AsNoTracking().Where(c => ids.Contains(c.TrackerLinkId) && c.ResolvedAt == null)
            .OrderBy(c => c.Id).ToListAsync(ct), c => c.TrackerLinkId),
        []);

    public BatchLoader<long, IReadOnlyList<SyncConflict>> OpenConflictsByItem => _openByItem ??= new(
        async (ids, ct) => Group(await db.SyncConflicts.AsNoTracking().Include(c => c.TrackerLink)
            .Where(c => ids.Contains(c.TrackerLink!.ActionItemId) && c.ResolvedAt == null)
            .OrderBy(c => c.Id).ToListAsync(ct), c => c.TrackerLink!.ActionItemId),
        []);

    /// <summary>Tracker calls during the last hour by target name, from every process (see <see cref="TrackerCallCounts"/>).</summary>
    public BatchLoader<string, int> CallsLastHour => _callsLastHour ??= new(
        (names, ct) => callCounts.CallsInLastHourAsync(db, names, ct),
        0);

    /// <summary>Every state with its number of links (zeros included, in the enum's order), so a client need not know the states.</summary>
    public BatchLoader<long, IReadOnlyList<LinkStateCount>> LinkCountsByTarget => _linkCountsByTarget ??= new(
        async (ids, ct) =>
        {
            var counts = await db.TrackerLinks.AsNoTracking().Where(l => ids.Contains(l.SyncTargetId))
                .GroupBy(l => new { l.SyncTargetId, l.State })
                .Select(g => new { g.Key.SyncTargetId, g.Key.State, Count = g.Count() })
                .ToDictionaryAsync(c => (c.SyncTargetId, c.State), c => c.Count, ct);
            return ids.ToDictionary(id => id, id => (IReadOnlyList<LinkStateCount>)[.. Enum.GetValues<TrackerLinkState>().Select(state =>
                new LinkStateCount(state, counts.GetValueOrDefault((id, state))))]);
        },
        [.. Enum.GetValues<TrackerLinkState>().Select(state => new LinkStateCount(state, 0))]);

    public void Clear()
    {
        _callsLastHour?.Clear();
        _openByLink?.Clear();
        _openByItem?.Clear();
        _links?.Clear();
        _linkCountsByTarget?.Clear();
    }

    private static Dictionary<long, IReadOnlyList<T>> Group<T>(List<T> rows, Func<T, long> key) =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)[.. g]);
}
