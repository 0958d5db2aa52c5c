using System.Globalization;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Stats;

/// <summary>
/// Open-item ages and time to resolve, over all items or per group of any <see cref="StatsGroupBy"/> dimension. On
/// PostgreSQL the database buckets (a CASE over the bucket edges) and takes the percentiles (percentile_cont, the same
/// linear interpolation as <see cref="Percentile"/>); on SQLite the few columns of the items concerned are read and
/// counted here, as the other SQLite groupings are.
/// </summary>
public sealed partial class ActionItemStats
{
    /// <summary>Open items by age since <c>openedAt</c>, in the buckets <paramref name="edgesDays"/> cut (default <see cref="AgeBucketEdges.Default"/>; checked by <see cref="AgeBucketEdges.Check"/>).</summary>
    public async Task<IReadOnlyList<AgeBucket>> OpenAgeBucketsAsync(ActionItemFilter filter, CancellationToken cancellationToken,
        IReadOnlyList<int>? edgesDays = null)
    {
        var edges = EdgesOrDefault(edgesDays);
        var counts = (await AgeBucketCountsAsync(null, filter, edges, cancellationToken)).SingleOrDefault().Counts
            ?? new int[edges.Count + 1];
        return AgeBucketEdges.Buckets(edges, counts);
    }

    /// <summary>The same buckets per group: a group for every key that has open items.</summary>
    public async Task<IReadOnlyList<AgeBucketGroup>> OpenAgeBucketsByGroupAsync(StatsGroupBy groupBy, ActionItemFilter filter,
        IReadOnlyList<int>? edgesDays, CancellationToken cancellationToken)
    {
        var edges = EdgesOrDefault(edgesDays);
        var perKey = await AgeBucketCountsAsync(groupBy, filter, edges, cancellationToken);
        var labels = await LabelsAsync([.. perKey.Select(k => (groupBy, k.Key))], cancellationToken);
        return Order(groupBy,
            perKey.Select(k => new AgeBucketGroup(k.Key, LabelOf(groupBy, k.Key, labels), k.Counts.Sum(), AgeBucketEdges.Buckets(edges, k.Counts))),
            g => g.Key, g => g.Count);
    }

    /// <summary>
    /// From when the work was opened to when it was resolved, over items now Resolved; items closed at an unknown
    /// time before their import count as closed elsewhere but not here (they would read as 0 hours).
    /// </summary>
    public async Task<TimeToResolve> TimeToResolveAsync(ActionItemFilter filter, CancellationToken cancellationToken) =>
        (await TimeToResolvePerKeyAsync(null, filter, cancellationToken)).SingleOrDefault() is { } all
            ? new TimeToResolve(all.Count, all.MedianHours, all.P90Hours)
            : new TimeToResolve(0, null, null);

    /// <summary>The same figures per group: a group for every key that has resolved items.</summary>
    public async Task<IReadOnlyList<TimeToResolveGroup>> TimeToResolveByGroupAsync(StatsGroupBy groupBy, ActionItemFilter filter,
        CancellationToken cancellationToken)
    {
        var perKey = await TimeToResolvePerKeyAsync(groupBy, filter, cancellationToken);
        var labels = await LabelsAsync([.. perKey.Select(k => (groupBy, k.Key))], cancellationToken);
        return Order(groupBy,
            perKey.Select(k => new TimeToResolveGroup(k.Key, LabelOf(groupBy, k.Key, labels), k.Count, k.MedianHours, k.P90Hours)),
            g => g.Key, g => g.Count);
    }

    private static IReadOnlyList<int> EdgesOrDefault(IReadOnlyList<int>? edgesDays) =>
        edgesDays is null ? AgeBucketEdges.Default
        : AgeBucketEdges.Check(edgesDays) is { } error ? throw new ArgumentException(error.Message, nameof(edgesDays))
        : edgesDays;

    private sealed record KeyFigures(string? Key, int Count, double? MedianHours, double? P90Hours);

    /// <summary>Per key (one null key when <paramref name="groupBy"/> is null): open items per bucket, youngest bucket first.</summary>
    private async Task<List<(string? Key, int[] Counts)>> AgeBucketCountsAsync(StatsGroupBy? groupBy, ActionItemFilter filter,
        IReadOnlyList<int> edges, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // An item is in bucket i when it was opened after now − edge i (younger than it) and not after the edges before.
        var thresholds = edges.Select(e => now.AddDays(-e)).ToList();
        List<(string? Key, int Bucket, int Count)> cells;
        if (db.Database.IsNpgsql())
        {
            var (condition, parameters) = FilterCondition(filter.IsDefault ? null : Filtered(filter));
            var cases = string.Join(' ', thresholds.Select((threshold, i) =>
            {
                parameters.Add(Parameter($"edge_{i}", threshold.UtcDateTime));
                return string.Create(CultureInfo.InvariantCulture, $"WHEN a.opened_at > @stats_edge_{i} THEN {i}");
            }));
            var sql = $"""
                SELECT {(groupBy is { } by ? SqlKey(by) : "NULL::text")} AS key,
                       CASE {cases} ELSE {edges.Count} END AS bucket, count(*)::int AS count
                FROM action_items a {SqlJoins(groupBy, null)}
                WHERE a.status IN {StoredStatuses.OpenSql} AND {condition}
                GROUP BY 1, 2
                """;
            var rows = await RawQuery<BucketCountRow>(sql, parameters).ToListAsync(cancellationToken);
            cells = [.. rows.Select(r => (groupBy is { } by2 ? ApiKey(by2, r.Key) : null, r.Bucket, r.Count))];
        }
        else
        {
            var rows = await RowsAsync(Filtered(filter).Where(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status)), cancellationToken);
            cells = [.. rows
                .SelectMany(row => (groupBy is { } by ? KeysOf(row, by) : [null])
                    .Select(key => (Key: key, Bucket: thresholds.Count(threshold => row.OpenedAt <= threshold))))
                .GroupBy(cell => cell)
                .Select(g => (g.Key.Key, g.Key.Bucket, g.Count()))];
        }
        return [.. cells.GroupBy(c => c.Key).Select(g =>
        {
            var counts = new int[edges.Count + 1];
            foreach (var cell in g)
            {
                counts[cell.Bucket] += cell.Count;
            }
            return (g.Key, counts);
        })];
    }

    /// <summary>Per key (one null key when <paramref name="groupBy"/> is null) that has resolved items: count, median and p90 hours.</summary>
    private async Task<List<KeyFigures>> TimeToResolvePerKeyAsync(StatsGroupBy? groupBy, ActionItemFilter filter,
        CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var (condition, parameters) = FilterCondition(filter.IsDefault ? null : Filtered(filter));
            // date_part returns double precision (extract() would compute in numeric); negative spans count as 0, as below.
            const string hours = "greatest(0, date_part('epoch', a.resolved_at - a.opened_at) / 3600)";
            var sql = $"""
                SELECT {(groupBy is { } by ? SqlKey(by) : "NULL::text")} AS key, count(*)::int AS count,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY {hours}) AS median_hours,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY {hours}) AS p90hours
                FROM action_items a {SqlJoins(groupBy, null)}
                WHERE a.status = 'Resolved' AND a.resolved_at IS NOT NULL AND NOT a.resolved_at_unknown AND {condition}
                GROUP BY 1
                """;
            var rows = await RawQuery<ResolveFiguresRow>(sql, parameters).ToListAsync(cancellationToken);
            return [.. rows.Select(r => new KeyFigures(groupBy is { } by2 ? ApiKey(by2, r.Key) : null, r.Count, r.MedianHours, r.P90Hours))];
        }
        var resolved = await RowsAsync(Filtered(filter)
            .Where(i => i.Status == ActionItemStatus.Resolved && i.ResolvedAt != null && !i.ResolvedAtUnknown), cancellationToken);
        return [.. resolved
            .SelectMany(row => (groupBy is { } by ? KeysOf(row, by) : [null])
                .Select(key => (Key: key, Hours: Math.Max(0, (row.ResolvedAt!.Value - row.OpenedAt).TotalHours))))
            .GroupBy(x => x.Key)
            .Select(g =>
            {
                var sorted = g.Select(x => x.Hours).Order().ToList();
                return new KeyFigures(g.Key, sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.9));
            })];
    }

    private static async Task<List<StatsRow>> RowsAsync(IQueryable<ActionItem> items, CancellationToken cancellationToken) =>
        await items.Select(i => new StatsRow(i.Status, i.Priority, i.Team, i.OwnerId, i.Tags, i.IncidentId,
                i.Incident!.IncidentDate, i.Incident.StartedAt, i.OpenedAt, i.ResolvedAt, i.ResolvedAtUnknown))
            .ToListAsync(cancellationToken);

    /// <summary>One key's open items in one bucket (raw SQL result; columns named by the snake_case convention).</summary>
    private sealed class BucketCountRow
    {
        public string? Key { get; init; }
        public int Bucket { get; init; }
        public int Count { get; init; }
    }

    /// <summary>One key's time-to-resolve figures (raw SQL result; columns named by the snake_case convention, which writes P90Hours p90hours).</summary>
    private sealed class ResolveFiguresRow
    {
        public string? Key { get; init; }
        public int Count { get; init; }
        public double? MedianHours { get; init; }
        public double? P90Hours { get; init; }
    }
}
