using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Stats;

/// <summary>
/// The dashboard numbers. Counts are grouped in the database; everything that depends on the past
/// (open over time, time to resolve) is computed from the status rows of item history (or, for the
/// unfiltered series on PostgreSQL, from a rollup triggers keep in step with it), so it stays right after
/// items change.
/// </summary>
public sealed partial class ActionItemStats(ActionItemsDbContext db, TimeProvider clock)
{
    public const int MaxBuckets = 1000;

    /// <summary>The most groups <c>first</c> may ask for (there may be more groups: without <c>first</c> all come back).</summary>
    public const int MaxFirstGroups = 10_000;

    private IQueryable<ActionItem> Filtered(ActionItemFilter filter) => filter.Apply(db.ActionItems.AsNoTracking(), db,
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    /// <summary>
    /// Items counted per group, in the order of <see cref="Order(StatsGroupBy, IEnumerable{StatsGroup})"/>; with
    /// <paramref name="first"/> only that many groups from the top of that order (a dashboard's "incidents with the most
    /// items" needs ten, not all 10,000 incidents' labels and counts).
    /// </summary>
    public async Task<IReadOnlyList<StatsGroup>> GroupAsync(StatsGroupBy groupBy, ActionItemFilter filter,
        CancellationToken cancellationToken, StatsGroupBy? thenBy = null, int? first = null)
    {
        var groups = await AllGroupsAsync(groupBy, filter, thenBy, first, cancellationToken);
        return first is { } n && groups.Count > n ? [.. groups.Take(n)] : groups;
    }

    private async Task<IReadOnlyList<StatsGroup>> AllGroupsAsync(StatsGroupBy groupBy, ActionItemFilter filter,
        StatsGroupBy? thenBy, int? first, CancellationToken cancellationToken)
    {
        var items = Filtered(filter);
        if (thenBy is not null || groupBy is StatsGroupBy.Incident or StatsGroupBy.CreatedMonth or StatsGroupBy.ResolvedMonth
                or StatsGroupBy.Quarter)
        {
            return await GroupRowsAsync(items, filter.IsDefault, groupBy, thenBy, first, cancellationToken);
        }
        // The database counts; Order is the only sort (SingleDimensionAsync leaves its groups unordered): it breaks ties
        // between equal counts by key, so a page of groups is the head of the whole.
        return Order(groupBy, await SingleDimensionAsync(items, groupBy, cancellationToken));
    }

    private async Task<IReadOnlyList<StatsGroup>> SingleDimensionAsync(IQueryable<ActionItem> items, StatsGroupBy groupBy,
        CancellationToken cancellationToken)
    {
        switch (groupBy)
        {
            case StatsGroupBy.Status:
                return [.. (await CountAsync(items, i => i.Status, cancellationToken))
                    .Select(g => new StatsGroup(ApiNames.Of(g.Key), ApiNames.Of(g.Key), g.Count, g.Open))];
            case StatsGroupBy.Priority:
                return [.. (await CountAsync(items, i => i.Priority, cancellationToken))
                    .Select(g => new StatsGroup(ApiNames.Of(g.Key), ApiNames.Of(g.Key), g.Count, g.Open))];
            case StatsGroupBy.Team:
                return [.. (await CountAsync(items, i => i.Team, cancellationToken))
                    .Select(g => new StatsGroup(g.Key, g.Key ?? "(no team)", g.Count, g.Open))];
            case StatsGroupBy.Owner:
            {
                var groups = await CountAsync(items, i => i.OwnerId, cancellationToken);
                var ids = groups.Where(g => g.Key is not null).Select(g => g.Key!.Value).ToList();
                var names = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
                    .ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
                return [.. groups.Select(g => new StatsGroup(
                    g.Key?.ToString(CultureInfo.InvariantCulture),
                    g.Key is { } id ? names.GetValueOrDefault(id, $"#{id}") : "(unassigned)", g.Count, g.Open))];
            }
            case StatsGroupBy.Tag:
            {
                // Unnesting tags needs APPLY, which SQLite lacks: read the tag lists of tagged items and count here.
                var tagged = await items.Where(i => i.Tags.Count > 0).Select(i => new { i.Tags, i.Status })
                    .ToListAsync(cancellationToken);
                var rows = tagged.SelectMany(i => i.Tags.Select(tag => (Tag: tag, i.Status)))
                    .GroupBy(x => x.Tag)
                    .Select(g => new { g.Key, Count = g.Count(), Open = g.Count(x => x.Status.IsOpen()) });
                return [.. rows.Select(r => new StatsGroup(r.Key, r.Key, r.Count, r.Open))];
            }
            default:
            {
                var rows = await items.Select(i => new { i.Incident!.IncidentDate, i.Incident.StartedAt, i.Status })
                    .ToListAsync(cancellationToken);
                return [.. rows
                    .GroupBy(r => (r.IncidentDate ?? (r.StartedAt is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : null))
                        ?.ToString("yyyy-MM", CultureInfo.InvariantCulture))
                    .Select(g => new StatsGroup(g.Key, g.Key ?? "(undated)", g.Count(), g.Count(r => r.Status.IsOpen())))];
            }
        }
    }

    /// <summary>What one item contributes to a grouping on any dimension (tags: one key per tag).</summary>
    private sealed record StatsRow(ActionItemStatus Status, Priority Priority, string? Team, long? OwnerId, List<string> Tags,
        long IncidentId, DateOnly? IncidentDate, DateTimeOffset? IncidentStartedAt, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt,
        bool ResolvedAtUnknown);

    /// <summary>
    /// Groupings the single-dimension queries above do not cover (incident, months and quarters of the item's own
    /// dates, any second dimension): the items' few grouping columns are read once and counted here, on both providers.
    /// </summary>
    private async Task<IReadOnlyList<StatsGroup>> GroupRowsAsync(IQueryable<ActionItem> items, bool unfiltered, StatsGroupBy groupBy,
        StatsGroupBy? thenBy, int? first, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return await GroupInDatabaseAsync(unfiltered ? null : items, groupBy, thenBy, first, cancellationToken);
        }
        var rows = await RowsAsync(items, cancellationToken);
        var labels = await LabelsAsync(
            [.. rows.SelectMany(r => KeysOf(r, groupBy).Select(k => (groupBy, k))),
             .. thenBy is { } then ? rows.SelectMany(r => KeysOf(r, then).Select(k => (then, k))) : []],
            cancellationToken);
        return Group(rows, groupBy, thenBy, labels);
    }

    /// <summary>
    /// PostgreSQL: each dimension is an SQL expression over the item (and its incident, and its tags unnested), the
    /// filter is the item query as a sub-select (<paramref name="items"/>; null for every item not archived, which needs
    /// none), and the database counts: one <c>GROUP BY</c> per level, written out whole so that the unfiltered
    /// team × status count is an index-only scan of the live (team, status) index. With <paramref name="firstGroups"/>
    /// and a largest-first order, the database also keeps only the top groups, so only their labels are read.
    /// </summary>
    private async Task<IReadOnlyList<StatsGroup>> GroupInDatabaseAsync(IQueryable<ActionItem>? items, StatsGroupBy groupBy,
        StatsGroupBy? thenBy, int? firstGroups, CancellationToken cancellationToken)
    {
        async Task<List<(string? Key1, string? Key2, int Count, int Open)>> CountAsync(StatsGroupBy first, StatsGroupBy? second)
        {
            var (condition, parameters) = FilterCondition(items);
            // The same order as Order() for a largest-first dimension: count descending, then the key ordinally, none last.
            var top = second is null && firstGroups is { } n && KeepsTopInDatabase(first)
                ? $"ORDER BY count(*) DESC, coalesce({SqlKey(first)}, '~') COLLATE \"C\" LIMIT {n.ToString(CultureInfo.InvariantCulture)}"
                : "";
            var sql = $"""
                SELECT {SqlKey(first)} AS key1, {(second is { } s ? SqlKey(s) : "NULL::text")} AS key2, count(*)::int AS count,
                       (count(*) FILTER (WHERE a.status IN {StoredStatuses.OpenSql}))::int AS open
                FROM action_items a {SqlJoins(first, second)}
                WHERE {condition}
                GROUP BY {SqlGroup(first)}{(second is { } s2 ? ", " + SqlGroup(s2) : "")}
                {top}
                """;
            var rows = await RawQuery<GroupCountRow>(sql, parameters).ToListAsync(cancellationToken);
            return [.. rows.Select(r => (ApiKey(first, r.Key1), second is { } s2 ? ApiKey(s2, r.Key2) : null, r.Count, r.Open))];
        }

        var nested = thenBy is { } then ? await CountAsync(groupBy, then) : null;
        // Every item has one key on a second dimension other than tags, so its level adds up to the first: one query.
        List<(string? Key1, string? Key2, int Count, int Open)> top = nested is not null && thenBy != StatsGroupBy.Tag
            ? [.. nested.GroupBy(n => n.Key1).Select(g => (g.Key, (string?)null, g.Sum(n => n.Count), g.Sum(n => n.Open)))]
            : await CountAsync(groupBy, null);
        if (firstGroups is { } kept && top.Count > kept)
        {
            // Labels (an incident's slug, an owner's name) are read for the groups answered only.
            top = [.. Order(groupBy, top, t => t.Key1, t => t.Count).Take(kept)];
            var keys = top.Select(t => t.Key1).ToHashSet();
            nested = nested?.Where(n => keys.Contains(n.Key1)).ToList();
        }
        var labels = await LabelsAsync(
            [.. top.Select(r => (groupBy, r.Key1)), .. nested?.Select(r => (thenBy!.Value, r.Key2)) ?? []], cancellationToken);
        var groups = top.Select(r => new StatsGroup(r.Key1, LabelOf(groupBy, r.Key1, labels), r.Count, r.Open,
            nested is null ? null
            : Order(thenBy!.Value, nested.Where(n => n.Key1 == r.Key1)
                .Select(n => new StatsGroup(n.Key2, LabelOf(thenBy.Value, n.Key2, labels), n.Count, n.Open)))));
        return Order(groupBy, groups);
    }

    /// <summary>The joins <see cref="SqlKey"/>'s expressions for these dimensions need (incident; tags unnested).</summary>
    private static string SqlJoins(StatsGroupBy? first, StatsGroupBy? second)
    {
        var tags = first == StatsGroupBy.Tag || second == StatsGroupBy.Tag ? "LEFT JOIN LATERAL unnest(a.tags) AS t(tag) ON true" : "";
        var incident = first == StatsGroupBy.IncidentMonth || second == StatsGroupBy.IncidentMonth
            ? "JOIN incidents i ON i.id = a.incident_id" : "";
        return $"{incident} {tags}";
    }

    /// <summary>
    /// The filter as an SQL condition on <c>action_items a</c>: the item query's own SQL as a sub-select (with its
    /// parameters, detached from the command EF Core built them for), or, for no filter, live items only.
    /// </summary>
    private static (string Condition, List<DbParameter> Parameters) FilterCondition(IQueryable<ActionItem>? items)
    {
        if (items is null)
        {
            return ("a.archived_at IS NULL", []);
        }
        using var command = items.Select(i => i.Id).CreateDbCommand();
        List<DbParameter> parameters = [.. command.Parameters.Cast<DbParameter>()];
        command.Parameters.Clear();
        return ($"a.id IN ({command.CommandText})", parameters);
    }

    /// <summary>
    /// Raw SQL whose parameters are all named <see cref="DbParameter"/>s. EF Core formats raw SQL with
    /// string.Format when it has arguments, so braces in it (array literals in generated SQL) are doubled.
    /// </summary>
    private IQueryable<TRow> RawQuery<TRow>(string sql, List<DbParameter> parameters) =>
#pragma warning disable EF1002 // Built from the fixed expressions of SqlKey and EF Core's own SQL; every value is a parameter.
        db.Database.SqlQueryRaw<TRow>(parameters.Count == 0 ? sql : sql.Replace("{", "{{", StringComparison.Ordinal)
            .Replace("}", "}}", StringComparison.Ordinal), [.. parameters]);
#pragma warning restore EF1002

    /// <summary>A named parameter for raw SQL (names prefixed so they never meet the filter's).</summary>
    private DbParameter Parameter(string name, object value)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        var parameter = command.CreateParameter();
        parameter.ParameterName = "stats_" + name;
        parameter.Value = value;
        return parameter;
    }

    /// <summary>Stored enum names in the API's spelling, like every other stats key.</summary>
    private static string? ApiKey(StatsGroupBy by, string? key) =>
        key is not null && by is StatsGroupBy.Status or StatsGroupBy.Priority ? ApiNames.Of(key) : key;

    /// <summary>A dimension's key as text, written over <see cref="SqlGroup"/> so that a query can group on that and select this.</summary>
    private static string SqlKey(StatsGroupBy by) => by switch
    {
        StatsGroupBy.Status => "a.status",
        StatsGroupBy.Priority => "a.priority",
        StatsGroupBy.Team => "a.team",
        StatsGroupBy.Owner => "a.owner_id::text",
        StatsGroupBy.Tag => "t.tag",
        StatsGroupBy.Incident => "a.incident_id::text",
        StatsGroupBy.IncidentMonth => "to_char(coalesce(i.incident_date, (i.started_at AT TIME ZONE 'UTC')::date), 'YYYY-MM')",
        StatsGroupBy.CreatedMonth => $"to_char({OpenedMonth}, 'YYYY-MM')",
        StatsGroupBy.ResolvedMonth => $"CASE WHEN a.resolved_at IS NOT NULL AND NOT a.resolved_at_unknown AND a.status NOT IN {StoredStatuses.OpenSql} THEN to_char(a.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM') END",
        _ => "to_char(a.opened_at AT TIME ZONE 'UTC', 'YYYY-\"Q\"Q')",
    };

    /// <summary>
    /// What a query groups a dimension on: the bare column or the same expression as one of the live-item indexes of
    /// migration StatsCoveringIndexes, so PostgreSQL counts in index order (an index-only scan, no hashing of 100k text
    /// keys) and formats each key once per group.
    /// </summary>
    private static string SqlGroup(StatsGroupBy by) => by switch
    {
        StatsGroupBy.Owner => "a.owner_id",
        StatsGroupBy.Incident => "a.incident_id",
        StatsGroupBy.CreatedMonth => OpenedMonth,
        _ => SqlKey(by),
    };

    /// <summary>The UTC month an item was opened in, as the index ix_action_items_live_opened_month_status holds it.</summary>
    private const string OpenedMonth = "date_trunc('month', a.opened_at AT TIME ZONE 'UTC')";

    /// <summary>One group's counts (raw SQL result; columns named by the snake_case convention).</summary>
    private sealed class GroupCountRow
    {
        public string? Key1 { get; init; }
        public string? Key2 { get; init; }
        public int Count { get; init; }
        public int Open { get; init; }
    }

    private static List<StatsGroup> Group(IEnumerable<StatsRow> rows, StatsGroupBy by, StatsGroupBy? thenBy,
        Dictionary<(StatsGroupBy, string), string> labels)
    {
        var groups = rows.SelectMany(row => KeysOf(row, by).Select(key => (Key: key, Row: row)))
            .GroupBy(x => x.Key)
            .Select(g => new StatsGroup(g.Key, LabelOf(by, g.Key, labels), g.Count(), g.Count(x => x.Row.Status.IsOpen()),
                thenBy is { } second ? Group(g.Select(x => x.Row), second, null, labels) : null));
        return Order(by, groups);
    }

    /// <summary>
    /// Dimensions ordered largest first whose SQL key is the API's key, so the database's tie-break (the key, ordinally)
    /// is Order's. Status is not: stored names ("InProgress" before "Invalid") sort unlike the API's ("INVALID" first).
    /// </summary>
    private static bool KeepsTopInDatabase(StatsGroupBy by) =>
        by is StatsGroupBy.Incident or StatsGroupBy.Owner or StatsGroupBy.Team or StatsGroupBy.Tag;

    /// <summary>Months and quarters in time order (none last), priorities highest first, anything else largest first.</summary>
    private static List<StatsGroup> Order(StatsGroupBy by, IEnumerable<StatsGroup> groups) => Order(by, groups, g => g.Key, g => g.Count);

    private static List<T> Order<T>(StatsGroupBy by, IEnumerable<T> groups, Func<T, string?> keyOf, Func<T, int> countOf) =>
        by is StatsGroupBy.IncidentMonth or StatsGroupBy.CreatedMonth or StatsGroupBy.ResolvedMonth or StatsGroupBy.Quarter
            ? [.. groups.OrderBy(g => keyOf(g) ?? "~", StringComparer.Ordinal)]
            : by == StatsGroupBy.Priority ? [.. groups.OrderByDescending(g => keyOf(g) is { } key ? (int)Enum.Parse<Priority>(key.Replace("_", "", StringComparison.Ordinal), true) : -1)]
            : [.. groups.OrderByDescending(countOf).ThenBy(g => keyOf(g) ?? "~", StringComparer.Ordinal)];

    private static string?[] KeysOf(StatsRow row, StatsGroupBy by) => by switch
    {
        StatsGroupBy.Status => [ApiNames.Of(row.Status)],
        StatsGroupBy.Priority => [ApiNames.Of(row.Priority)],
        StatsGroupBy.Team => [row.Team],
        StatsGroupBy.Owner => [row.OwnerId?.ToString(CultureInfo.InvariantCulture)],
        StatsGroupBy.Tag => row.Tags.Count == 0 ? [null] : [.. row.Tags],
        StatsGroupBy.Incident => [row.IncidentId.ToString(CultureInfo.InvariantCulture)],
        StatsGroupBy.IncidentMonth => [(row.IncidentDate ?? (row.IncidentStartedAt is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : null))
            ?.ToString("yyyy-MM", CultureInfo.InvariantCulture)],
        StatsGroupBy.CreatedMonth => [row.OpenedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture)],
        StatsGroupBy.ResolvedMonth => [row.ResolvedAt is { } resolved && !row.ResolvedAtUnknown && !row.Status.IsOpen()
            ? resolved.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null],
        _ => [$"{row.OpenedAt.UtcDateTime.Year}-Q{((row.OpenedAt.UtcDateTime.Month - 1) / 3) + 1}"],
    };

    private static string LabelOf(StatsGroupBy by, string? key, Dictionary<(StatsGroupBy, string), string> labels) =>
        key is not null ? labels.GetValueOrDefault((by, key), key) : by switch
        {
            StatsGroupBy.Team => "(no team)",
            StatsGroupBy.Owner => "(unassigned)",
            StatsGroupBy.Tag => "(no tag)",
            StatsGroupBy.ResolvedMonth => "(not resolved)",
            _ => "(undated)",
        };

    /// <summary>People's names and incidents' slugs for the owner and incident keys among the rows.</summary>
    private async Task<Dictionary<(StatsGroupBy, string), string>> LabelsAsync(List<(StatsGroupBy By, string? Key)> keys,
        CancellationToken cancellationToken)
    {
        var labels = new Dictionary<(StatsGroupBy, string), string>();
        List<long> IdsOf(StatsGroupBy by) => [.. keys.Where(k => k.By == by && k.Key is not null)
            .Select(k => long.Parse(k.Key!, CultureInfo.InvariantCulture)).Distinct()];
        if (IdsOf(StatsGroupBy.Owner) is { Count: > 0 } ids)
        {
            foreach (var person in await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.DisplayName })
                         .ToListAsync(cancellationToken))
            {
                labels[(StatsGroupBy.Owner, person.Id.ToString(CultureInfo.InvariantCulture))] = person.DisplayName;
            }
        }
        if (IdsOf(StatsGroupBy.Incident) is { Count: > 0 } incidentIds)
        {
            foreach (var incident in await db.Incidents.AsNoTracking().Where(i => incidentIds.Contains(i.Id)).Select(i => new { i.Id, i.Slug })
                         .ToListAsync(cancellationToken))
            {
                labels[(StatsGroupBy.Incident, incident.Id.ToString(CultureInfo.InvariantCulture))] = incident.Slug;
            }
        }
        return labels;
    }

    /// <summary>
    /// Open count at an instant = the sum, over status rows up to it, of +1 for a row that moves an item from
    /// closed (or not yet existing) to open and −1 for one that moves it from open to closed. On PostgreSQL
    /// the unfiltered series comes from the per-day rollup the database keeps (<see cref="OpenItemDays"/>), a
    /// filtered one from the status rows summed per UTC day in the database; on SQLite, which is the small
    /// embedded default, the status rows are folded here. All give the same answer.
    /// </summary>
    public async Task<IReadOnlyList<OpenItemsPoint>> OpenOverTimeAsync(TimeInterval interval, DateTimeOffset from,
        DateTimeOffset to, ActionItemFilter filter, CancellationToken cancellationToken)
    {
        var buckets = Buckets(interval, from, to);
        var end = buckets[^1].End;
        var days = !db.Database.IsNpgsql() ? await TransitionsPerDayInMemoryAsync(filter, end, cancellationToken)
            : filter.IsDefault ? await TransitionsPerDayFromRollupAsync(end, cancellationToken)
            : await TransitionsPerDayInDatabaseAsync(filter, end, cancellationToken);

        var points = new List<OpenItemsPoint>(buckets.Count);
        var index = 0;
        var openCount = 0;
        var firstDay = DayNumber(buckets[0].Start);
        while (index < days.Count && days[index].Day < firstDay)
        {
            openCount += days[index].Opened - days[index++].Closed;
        }
        foreach (var (start, bucketEnd) in buckets)
        {
            int opened = 0, closed = 0;
            var endDay = DayNumber(bucketEnd);
            while (index < days.Count && days[index].Day < endDay)
            {
                opened += days[index].Opened;
                closed += days[index++].Closed;
            }
            openCount += opened - closed;
            points.Add(new OpenItemsPoint(start.UtcDateTime, bucketEnd.UtcDateTime, openCount, opened, closed));
        }
        return points;
    }

    /// <summary>Opening and closing transitions per UTC day (days since 1970-01-01), in day order.</summary>
    private sealed record DayTransitions(int Day, int Opened, int Closed);

    private static int DayNumber(DateTimeOffset instant) => (int)Math.Floor((instant - DateTimeOffset.UnixEpoch).TotalDays);

    /// <summary>
    /// The dashboard's usual question (every item not archived) on PostgreSQL: the per-day rollup the database
    /// keeps (<see cref="OpenItemDays"/>) answers it with a few rows per day instead of all status history.
    /// </summary>
    private async Task<List<DayTransitions>> TransitionsPerDayFromRollupAsync(DateTimeOffset end, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<DayRow>(OpenItemDays.PerDaySql, DayNumber(end)).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new DayTransitions(r.Day, r.Opened, r.Closed))];
    }

    /// <summary>
    /// A transition is a status row whose old and new value differ in openness, so each row counts on its own
    /// (no ordering per item, no window function). Bucket edges fall on UTC midnights, so days add up to buckets.
    /// </summary>
    private async Task<List<DayTransitions>> TransitionsPerDayInDatabaseAsync(ActionItemFilter filter, DateTimeOffset end,
        CancellationToken cancellationToken)
    {
        var open = ActionItemStatusRules.OpenStatuses.Select(s => s.ToString()).ToArray();
        var status = HistoryFields.Status;
        // date_part returns double precision: extract() would compute in numeric, several times slower per row.
        var transitions = db.Database.SqlQuery<StatusTransition>($"""
            SELECT h.action_item_id AS action_item_id,
                   floor(date_part('epoch', h.at) / 86400)::int AS day,
                   h.new_value = ANY({open}) AS opens
            FROM action_item_history h
            WHERE h.field = {status} AND h.at < {end}
              AND (h.new_value = ANY({open})) <> coalesce(h.old_value = ANY({open}), false)
            """);
        // Filtered series only: the unfiltered one reads the rollup.
        transitions = transitions.Where(t => Filtered(filter).Select(i => i.Id).Contains(t.ActionItemId));
        var days = await transitions.GroupBy(t => t.Day)
            .Select(g => new { Day = g.Key, Opened = g.Count(t => t.Opens), Closed = g.Count(t => !t.Opens) })
            .ToListAsync(cancellationToken);
        return [.. days.OrderBy(d => d.Day).Select(d => new DayTransitions(d.Day, d.Opened, d.Closed))];
    }

    private async Task<List<DayTransitions>> TransitionsPerDayInMemoryAsync(ActionItemFilter filter, DateTimeOffset end,
        CancellationToken cancellationToken)
    {
        var ids = Filtered(filter).Select(i => i.Id);
        var rows = await db.ActionItemHistory.AsNoTracking()
            .Where(h => h.Field == HistoryFields.Status && h.At < end && ids.Contains(h.ActionItemId))
            .Select(h => new { h.At, h.OldValue, h.NewValue })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => (r.At, Opens: ActionItemStatusRules.IsOpenName(r.NewValue), WasOpen: ActionItemStatusRules.IsOpenName(r.OldValue)))
            .Where(r => r.Opens != r.WasOpen)
            .GroupBy(r => DayNumber(r.At))
            .OrderBy(g => g.Key)
            .Select(g => new DayTransitions(g.Key, g.Count(r => r.Opens), g.Count(r => !r.Opens)))];
    }

    /// <summary>Why [from, to) cannot be a series at <paramref name="interval"/>, or null when it can.</summary>
    public static UseCaseError? CheckRange(TimeInterval interval, DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? new UseCaseError(ErrorKind.Validation, "'to' must be after 'from'.", "to")
        : BucketsUpTo(interval, from, to, MaxBuckets + 1).Count > MaxBuckets ? TooManyBuckets(interval)
        : null;

    /// <summary>Buckets aligned to UTC days, ISO weeks (Monday) or months, covering [from, to) (checked by <see cref="CheckRange"/>).</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Buckets(TimeInterval interval, DateTimeOffset from, DateTimeOffset to)
    {
        var buckets = BucketsUpTo(interval, from, to, MaxBuckets + 1);
        return to <= from || buckets.Count > MaxBuckets
            ? throw new ArgumentException(CheckRange(interval, from, to)!.Message)
            : buckets;
    }

    private static UseCaseError TooManyBuckets(TimeInterval interval) => new(ErrorKind.Validation,
        $"That range has more than {MaxBuckets} {interval.ToString().ToLowerInvariant()} buckets; use a longer interval or a shorter range.", "interval");

    private static List<(DateTimeOffset Start, DateTimeOffset End)> BucketsUpTo(TimeInterval interval, DateTimeOffset from, DateTimeOffset to, int limit)
    {
        var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero);
        var start = interval switch
        {
            TimeInterval.Day => day,
            TimeInterval.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            _ => new DateTimeOffset(day.Year, day.Month, 1, 0, 0, 0, TimeSpan.Zero),
        };
        var buckets = new List<(DateTimeOffset, DateTimeOffset)>();
        while (start < to)
        {
            var next = interval switch
            {
                TimeInterval.Day => start.AddDays(1),
                TimeInterval.Week => start.AddDays(7),
                _ => start.AddMonths(1),
            };
            buckets.Add((start, next));
            if (buckets.Count == limit)
            {
                break;
            }
            start = next;
        }
        return buckets;
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }


    private sealed record Counted<TKey>(TKey Key, int Count, int Open);

    /// <summary>One day of the rollup (raw SQL result; columns named by the snake_case convention).</summary>
    private sealed class DayRow
    {
        public int Day { get; init; }
        public int Opened { get; init; }
        public int Closed { get; init; }
    }

    /// <summary>One status row that opened or closed an item (raw SQL result; columns named by the snake_case convention).</summary>
    private sealed class StatusTransition
    {
        public long ActionItemId { get; init; }
        public int Day { get; init; }
        public bool Opens { get; init; }
    }

    private static async Task<List<Counted<TKey>>> CountAsync<TKey>(IQueryable<ActionItem> items,
        Expression<Func<ActionItem, TKey>> key, CancellationToken cancellationToken)
    {
        var rows = await items.GroupBy(key)
            .Select(g => new { g.Key, Count = g.Count(), Open = g.Count(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status)) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new Counted<TKey>(r.Key, r.Count, r.Open))];
    }
}
