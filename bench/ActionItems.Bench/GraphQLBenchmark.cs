using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Application.Stats;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ActionItems.Bench;

/// <summary>
/// Seeds 10,000 incidents and 100,000 action items into a fresh PostgreSQL database (binary COPY),
/// starts the real API host in this process and measures three dashboard/triage GraphQL queries over
/// real HTTP, each next to a hand-written SQL query that fetches the same data through Npgsql (the floor).
/// Targets: GraphQL p50 ≤ 2 × SQL p50 + 2 ms, and GraphQL p99 ≤ 50 ms.
/// </summary>
internal static class GraphQLBenchmark
{
    private const int Incidents = 10_000;
    private const int Items = 100_000;
    private const int People = 300;
    private const int DocumentBytes = 6 * 1024;
    /// <summary>
    /// Warm-up per query: at least this many requests, then on until the JIT has compiled nothing new for
    /// <see cref="QuietJitTime"/> (at most <see cref="MaxWarmUpTime"/>). Tiered compilation keeps re-compiling
    /// the request path (tier 0, instrumented, optimised) for tens of seconds on two busy cores; a server
    /// answers at steady state, and so does the floor next to it.
    /// </summary>
    private const int WarmUp = 50;

    private static readonly TimeSpan QuietJitTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxWarmUpTime = TimeSpan.FromSeconds(90);

    /// <summary>Timed requests per query; ACTIONITEMS_BENCH_REQUESTS overrides (e.g. longer runs to profile).</summary>
    private static readonly int Measured =
        int.TryParse(Environment.GetEnvironmentVariable("ACTIONITEMS_BENCH_REQUESTS"), out var requests) && requests > 0 ? requests : 300;

    private const string OnlyRowsVariable = "ACTIONITEMS_BENCH_ONLY";

    private static readonly string[] Teams =
        ["SRE", "Data Persistence", "Traffic", "Search Platform", "Observability", "ServiceOps", "Machine Learning",
         "Platform Engineering", "Security", "Release Engineering", "Infrastructure Foundations", "Core Platform"];

    private static readonly string[] Tags =
        ["monitoring", "alerting", "docs", "database", "network", "deploy", "capacity", "cache", "runbook", "testing"];

    private static readonly string[] DefaultTags = ["Incident-followup"];

    private static readonly string[] Priorities = ["Unset", "Lowest", "Low", "Medium", "High", "Unbreak"];

    public static int Run(BenchOptions options)
    {
        if (ThrowawayDatabase.AdminConnection("graphql") is not { } admin)
        {
            return 2;
        }
        return RunAsync(options, admin).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(BenchOptions options, string admin)
    {
        var now = DateTimeOffset.UtcNow;
        // One client sends thousands of requests a second here, far over the per-token rate limit a real deployment
        // wants (README, Rate limits): the benchmark measures the server's own cost per request.
        await using var api = await SeededApi.StartAsync(admin, "graphql", options.Seed, now, Roles.Viewer, "",
            ["--RateLimiting:GraphQL:PermitsPerSecond=0"], CancellationToken.None);
        using var client = new HttpClient { BaseAddress = api.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Secret);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        // The floor gets the statement preparation the API's connections get.
        await using var sql = NpgsqlDataSource.Create(DatabaseRegistration.WithAutoPrepare(api.ConnectionString));
        return await MeasureAllAsync(client, sql, now);
    }

    // ---------------------------------------------------------------- the queries

    private const string TriageQuery = """
        query Triage {
          actionItems(filter: {unassigned: true, statuses: [OPEN]}, first: 50, orderBy: CREATED_ASC) {
            pageInfo { hasNextPage endCursor }
            edges { cursor node { id title status priority team createdAt incident { slug title } links { remoteId state } } }
          }
        }
        """;

    private const string TriageSql = """
        SELECT i.id, i.title, i.status, i.priority, i.team, i.created_at, n.slug, n.title, l.remote_id, l.state
        FROM (SELECT id, incident_id, title, status, priority, team, created_at FROM action_items
              WHERE archived_at IS NULL AND status = 'Open' AND owner_id IS NULL
              ORDER BY created_at, id LIMIT 51) i
        JOIN incidents n ON n.id = i.incident_id
        LEFT JOIN tracker_links l ON l.action_item_id = i.id
        ORDER BY i.created_at, i.id, l.id
        """;

    // The same page without the nested fields: separates the page query from the incident/link batch loads.
    private const string BarePageQuery = """
        query BarePage {
          actionItems(filter: {unassigned: true, statuses: [OPEN]}, first: 50, orderBy: CREATED_ASC) {
            pageInfo { hasNextPage endCursor }
            edges { cursor node { id title status priority team createdAt } }
          }
        }
        """;

    private const string BarePageSql = """
        SELECT id, title, status, priority, team, created_at FROM action_items
        WHERE archived_at IS NULL AND status = 'Open' AND owner_id IS NULL
        ORDER BY created_at, id LIMIT 51
        """;

    private const string StatsQuery = """
        query Teams { actionItemStats(groupBy: TEAM) { key label count openCount } }
        """;

    private const string StatsSql = """
        SELECT team, count(*) AS count, count(*) FILTER (WHERE status IN ('Open', 'InProgress', 'Stalled')) AS open
        FROM action_items WHERE archived_at IS NULL
        GROUP BY team ORDER BY count DESC
        """;

    private const string TeamByStatusQuery = """
        query TeamByStatus { actionItemStats(groupBy: TEAM, thenBy: STATUS) { key count openCount groups { key count } } }
        """;

    private const string TeamByStatusSql = """
        SELECT team, status, count(*) AS count FROM action_items WHERE archived_at IS NULL
        GROUP BY team, status
        """;

    private const string ResolveByTeamQuery = """
        query ResolveByTeam { timeToResolveByGroup(groupBy: TEAM) { key label count medianHours p90Hours } }
        """;

    private const string ResolveByTeamSql = """
        SELECT team, count(*) AS count,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY greatest(0, date_part('epoch', resolved_at - opened_at) / 3600)) AS median,
               percentile_cont(0.9) WITHIN GROUP (ORDER BY greatest(0, date_part('epoch', resolved_at - opened_at) / 3600)) AS p90
        FROM action_items
        WHERE archived_at IS NULL AND status = 'Resolved' AND resolved_at IS NOT NULL AND NOT resolved_at_unknown
        GROUP BY team
        """;

    private const string AgesByTeamQuery = """
        query AgesByTeam { openItemAgeBucketsByGroup(groupBy: TEAM) { key label count buckets { label count } } }
        """;

    private const string AgesByTeamSql = """
        SELECT team, CASE WHEN opened_at > now() - interval '7 days' THEN 0 WHEN opened_at > now() - interval '30 days' THEN 1
                          WHEN opened_at > now() - interval '90 days' THEN 2 WHEN opened_at > now() - interval '365 days' THEN 3
                          ELSE 4 END AS bucket, count(*) AS count
        FROM action_items
        WHERE archived_at IS NULL AND status IN ('Open', 'InProgress', 'Stalled')
        GROUP BY 1, 2
        """;

    private const string ByIncidentQuery = """
        query ByIncident { actionItemStats(groupBy: INCIDENT) { key label count openCount } }
        """;

    private const string ByIncidentSql = """
        SELECT a.incident_id, i.slug, count(*) AS count, count(*) FILTER (WHERE a.status IN ('Open', 'InProgress', 'Stalled')) AS open
        FROM action_items a JOIN incidents i ON i.id = a.incident_id
        WHERE a.archived_at IS NULL
        GROUP BY a.incident_id, i.slug
        """;

    // What a dashboard's "incidents with the most items" panel asks: the top 100 groups, not all 10,000.
    private const string TopIncidentsQuery = """
        query TopIncidents { actionItemStats(groupBy: INCIDENT, first: 100) { key label count openCount } }
        """;

    // The same order as the API's: count descending, then the key (the incident id as text) ordinally.
    private const string TopIncidentsSql = """
        SELECT a.incident_id, i.slug, count(*) AS count, count(*) FILTER (WHERE a.status IN ('Open', 'InProgress', 'Stalled')) AS open
        FROM action_items a JOIN incidents i ON i.id = a.incident_id
        WHERE a.archived_at IS NULL
        GROUP BY a.incident_id, i.slug
        ORDER BY count(*) DESC, a.incident_id::text COLLATE "C"
        LIMIT 100
        """;

    private const string ByOpenedMonthQuery = """
        query ByOpenedMonth { actionItemStats(groupBy: CREATED_MONTH) { key label count openCount } }
        """;

    // Grouped on the month as the live (month opened, status) index holds it, formatted once per group: the fastest
    // hand-written form since that index exists (formatting every row first, as before 2026-12-05 09:00, took ~3 times as long).
    private const string ByOpenedMonthSql = """
        SELECT to_char(date_trunc('month', opened_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*) AS count,
               count(*) FILTER (WHERE status IN ('Open', 'InProgress', 'Stalled')) AS open
        FROM action_items WHERE archived_at IS NULL
        GROUP BY date_trunc('month', opened_at AT TIME ZONE 'UTC') ORDER BY 1
        """;

    private const string OverTimeQuery = """
        query OverTime($from: DateTime!, $to: DateTime!) {
          openItemsOverTime(interval: WEEK, from: $from, to: $to) { start end open opened closed }
        }
        """;

    // The best hand-written SQL for the same answer: every status row whose old and new value differ in
    // openness is a +1/−1 event on its own (no per-item ordering), counted per week and summed with a
    // running window sum; archived items are left out, as the API does.
    private const string OverTimeSql = """
        WITH per AS (
          SELECT floor(date_part('epoch', h.at - @start) / 604800)::int AS k,
                 count(*) FILTER (WHERE h.new_value IN ('Open', 'InProgress', 'Stalled')) AS opened,
                 count(*) FILTER (WHERE h.new_value NOT IN ('Open', 'InProgress', 'Stalled')) AS closed
          FROM action_item_history h
          WHERE h.field = 'status' AND h.at < @end
            AND (h.new_value IN ('Open', 'InProgress', 'Stalled')) <> coalesce(h.old_value IN ('Open', 'InProgress', 'Stalled'), false)
            AND h.action_item_id NOT IN (SELECT id FROM action_items WHERE archived_at IS NOT NULL)
          GROUP BY 1
        )
        """ + "\n" + WeeklySeriesFromPer;

    // The same series from the per-day rollup PostgreSQL keeps (OpenItemDays), as a hand-written query would read it.
    private const string OverTimeRollupSql = """
        WITH per AS (
          SELECT floor((d.day * 86400 - date_part('epoch', @start)) / 604800)::int AS k,
                 sum(d.opened) AS opened, sum(d.closed) AS closed
          FROM open_item_days d
          WHERE d.day < floor(date_part('epoch', @end) / 86400)
          GROUP BY 1
        )
        """ + "\n" + WeeklySeriesFromPer;

    // Both floors end alike: weeks as a series, the running open count from the per-week counts in `per`.
    private const string WeeklySeriesFromPer = """
        SELECT @start + g.k * interval '7 days' AS start, @start + (g.k + 1) * interval '7 days' AS "end",
               (SELECT coalesce(sum(opened - closed), 0) FROM per WHERE k < 0)
                 + sum(coalesce(per.opened, 0) - coalesce(per.closed, 0)) OVER (ORDER BY g.k) AS open,
               coalesce(per.opened, 0) AS opened, coalesce(per.closed, 0) AS closed
        FROM generate_series(0, @buckets - 1) g(k) LEFT JOIN per ON per.k = g.k
        ORDER BY g.k
        """;

    private sealed record Row(string Name, Summary GraphQL, Summary Sql);

    private static async Task<int> MeasureAllAsync(HttpClient client, NpgsqlDataSource sql, DateTimeOffset now)
    {
        var from = now.AddYears(-2);
        var buckets = ActionItemStats.Buckets(TimeInterval.Week, from, now);
        var start = buckets[0].Start;
        var end = buckets[^1].End;
        var overTimeVariables = new Dictionary<string, object>
        {
            ["from"] = from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["to"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };

        // Same answers first: a floor that fetches something else would be no floor.
        using (var triage = await PostAsync(client, TriageQuery, null))
        {
            var edges = triage.RootElement.GetProperty("data").GetProperty("actionItems").GetProperty("edges");
            var sqlIds = await ReadAsync(sql, TriageSql, null, r => r.GetInt64(0));
            var graphIds = edges.EnumerateArray().Select(e => long.Parse(e.GetProperty("node").GetProperty("id").GetString()!, CultureInfo.InvariantCulture)).ToList();
            Check("triage ids", string.Join(',', graphIds), string.Join(',', sqlIds.Distinct().Take(50)));
            var links = edges.EnumerateArray().Sum(e => e.GetProperty("node").GetProperty("links").GetArrayLength());
            Console.WriteLine($"triage page: {graphIds.Count} items, {links} tracker links");
        }
        using (var stats = await PostAsync(client, StatsQuery, null))
        {
            var groups = stats.RootElement.GetProperty("data").GetProperty("actionItemStats").EnumerateArray()
                .Select(g => $"{(g.GetProperty("key").ValueKind == JsonValueKind.Null ? "-" : g.GetProperty("key").GetString())}={g.GetProperty("count").GetInt32()}/{g.GetProperty("openCount").GetInt32()}")
                .Order(StringComparer.Ordinal);
            var rows = (await ReadAsync(sql, StatsSql, null, r => $"{(r.IsDBNull(0) ? "-" : r.GetString(0))}={r.GetInt64(1)}/{r.GetInt64(2)}"))
                .Order(StringComparer.Ordinal);
            Check("team stats", string.Join(' ', groups), string.Join(' ', rows));
        }
        using (var teamByStatus = await PostAsync(client, TeamByStatusQuery, null))
        {
            var cells = teamByStatus.RootElement.GetProperty("data").GetProperty("actionItemStats").EnumerateArray()
                .SelectMany(g => g.GetProperty("groups").EnumerateArray().Select(s =>
                    $"{(g.GetProperty("key").ValueKind == JsonValueKind.Null ? "-" : g.GetProperty("key").GetString())}/{s.GetProperty("key").GetString()}={s.GetProperty("count").GetInt32()}"))
                .Order(StringComparer.Ordinal);
            var rows = (await ReadAsync(sql, TeamByStatusSql, null,
                    r => $"{(r.IsDBNull(0) ? "-" : r.GetString(0))}/{ActionItems.Application.ApiNames.Of(r.GetString(1))}={r.GetInt64(2)}"))
                .Order(StringComparer.Ordinal);
            Check("team × status stats", string.Join(' ', cells), string.Join(' ', rows));
        }
        using (var resolve = await PostAsync(client, ResolveByTeamQuery, null))
        {
            var groups = resolve.RootElement.GetProperty("data").GetProperty("timeToResolveByGroup").EnumerateArray()
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{(g.GetProperty("key").ValueKind == JsonValueKind.Null ? "-" : g.GetProperty("key").GetString())}={g.GetProperty("count").GetInt32()}/{g.GetProperty("medianHours").GetDouble():0.000}/{g.GetProperty("p90Hours").GetDouble():0.000}"))
                .Order(StringComparer.Ordinal);
            var rows = (await ReadAsync(sql, ResolveByTeamSql, null,
                    r => string.Create(CultureInfo.InvariantCulture, $"{(r.IsDBNull(0) ? "-" : r.GetString(0))}={r.GetInt64(1)}/{r.GetDouble(2):0.000}/{r.GetDouble(3):0.000}")))
                .Order(StringComparer.Ordinal);
            Check("time to resolve by team", string.Join(' ', groups), string.Join(' ', rows));
        }
        using (var ages = await PostAsync(client, AgesByTeamQuery, null))
        {
            var cells = ages.RootElement.GetProperty("data").GetProperty("openItemAgeBucketsByGroup").EnumerateArray()
                .SelectMany(g => g.GetProperty("buckets").EnumerateArray().Select((b, i) => (Team: g.GetProperty("key").ValueKind == JsonValueKind.Null ? "-" : g.GetProperty("key").GetString(), Bucket: i, Count: b.GetProperty("count").GetInt32())))
                .Where(c => c.Count > 0).Select(c => $"{c.Team}/{c.Bucket}={c.Count}")
                .Order(StringComparer.Ordinal);
            var rows = (await ReadAsync(sql, AgesByTeamSql, null, r => $"{(r.IsDBNull(0) ? "-" : r.GetString(0))}/{r.GetInt32(1)}={r.GetInt64(2)}"))
                .Order(StringComparer.Ordinal);
            Check("open item ages by team", string.Join(' ', cells), string.Join(' ', rows));
        }
        using (var byIncident = await PostAsync(client, ByIncidentQuery, null))
        {
            var groups = byIncident.RootElement.GetProperty("data").GetProperty("actionItemStats").EnumerateArray()
                .Select(g => $"{g.GetProperty("key").GetString()}:{g.GetProperty("label").GetString()}={g.GetProperty("count").GetInt32()}/{g.GetProperty("openCount").GetInt32()}")
                .Order(StringComparer.Ordinal);
            var rows = (await ReadAsync(sql, ByIncidentSql, null,
                    r => $"{r.GetInt64(0).ToString(CultureInfo.InvariantCulture)}:{r.GetString(1)}={r.GetInt64(2)}/{r.GetInt64(3)}"))
                .Order(StringComparer.Ordinal);
            Check("stats by incident", string.Join(' ', groups), string.Join(' ', rows));
        }
        using (var topIncidents = await PostAsync(client, TopIncidentsQuery, null))
        {
            var groups = topIncidents.RootElement.GetProperty("data").GetProperty("actionItemStats").EnumerateArray()
                .Select(g => $"{g.GetProperty("key").GetString()}:{g.GetProperty("label").GetString()}={g.GetProperty("count").GetInt32()}/{g.GetProperty("openCount").GetInt32()}");
            var rows = await ReadAsync(sql, TopIncidentsSql, null,
                r => $"{r.GetInt64(0).ToString(CultureInfo.InvariantCulture)}:{r.GetString(1)}={r.GetInt64(2)}/{r.GetInt64(3)}");
            Check("top 100 incidents", string.Join(' ', groups), string.Join(' ', rows));
        }
        using (var byMonth = await PostAsync(client, ByOpenedMonthQuery, null))
        {
            var groups = byMonth.RootElement.GetProperty("data").GetProperty("actionItemStats").EnumerateArray()
                .Select(g => $"{g.GetProperty("key").GetString()}={g.GetProperty("count").GetInt32()}/{g.GetProperty("openCount").GetInt32()}");
            var rows = await ReadAsync(sql, ByOpenedMonthSql, null, r => $"{r.GetString(0)}={r.GetInt64(1)}/{r.GetInt64(2)}");
            Check("stats by opened month", string.Join(' ', groups), string.Join(' ', rows));
        }
        using (var overTime = await PostAsync(client, OverTimeQuery, overTimeVariables))
        {
            var points = overTime.RootElement.GetProperty("data").GetProperty("openItemsOverTime").EnumerateArray()
                .Select(p => $"{p.GetProperty("open").GetInt32()}/{p.GetProperty("opened").GetInt32()}/{p.GetProperty("closed").GetInt32()}").ToList();
            var rows = await ReadAsync(sql, OverTimeSql, OverTimeParameters(start, end, buckets.Count),
                r => $"{r.GetInt64(2)}/{r.GetInt64(3)}/{r.GetInt64(4)}");
            Check("open over time", string.Join(' ', points), string.Join(' ', rows));
            var fromRollup = await ReadAsync(sql, OverTimeRollupSql, OverTimeParameters(start, end, buckets.Count),
                r => $"{r.GetInt64(2)}/{r.GetInt64(3)}/{r.GetInt64(4)}");
            Check("open over time from the rollup", string.Join(' ', points), string.Join(' ', fromRollup));
            Console.WriteLine($"open over time: {points.Count} weekly points, first {points[0]}, last {points[^1]} (open/opened/closed)");
        }

        // Each row: a GraphQL request and its floor. ACTIONITEMS_BENCH_ONLY=o,a (row letters) runs only some.
        var measured = new List<(string Key, string Name, Func<Task> GraphQL, Func<Task> Sql)>
        {
            ("o", "(o) `{ __typename }`: HTTP, token, GraphQL parse/validate/serialize only",
                () => PostRawAsync(client, "{ __typename }", null), () => DrainAsync(sql, "SELECT 1", null)),
            ("a", "(a) actionItems triage page (50, incident, links)",
                () => PostRawAsync(client, TriageQuery, null), () => DrainAsync(sql, TriageSql, null)),
            ("a′", "(a′) the same page without incident and links",
                () => PostRawAsync(client, BarePageQuery, null), () => DrainAsync(sql, BarePageSql, null)),
            ("b", "(b) actionItemStats(groupBy: TEAM)",
                () => PostRawAsync(client, StatsQuery, null), () => DrainAsync(sql, StatsSql, null)),
            ("d", "(d) actionItemStats(groupBy: TEAM, thenBy: STATUS)",
                () => PostRawAsync(client, TeamByStatusQuery, null), () => DrainAsync(sql, TeamByStatusSql, null)),
            ("e", "(e) timeToResolveByGroup(groupBy: TEAM)",
                () => PostRawAsync(client, ResolveByTeamQuery, null), () => DrainAsync(sql, ResolveByTeamSql, null)),
            ("f", "(f) openItemAgeBucketsByGroup(groupBy: TEAM)",
                () => PostRawAsync(client, AgesByTeamQuery, null), () => DrainAsync(sql, AgesByTeamSql, null)),
            ("g", "(g) actionItemStats(groupBy: INCIDENT) (10,000 groups)",
                () => PostRawAsync(client, ByIncidentQuery, null), () => DrainAsync(sql, ByIncidentSql, null)),
            ("g′", "(g′) actionItemStats(groupBy: INCIDENT, first: 100)",
                () => PostRawAsync(client, TopIncidentsQuery, null), () => DrainAsync(sql, TopIncidentsSql, null)),
            ("h", "(h) actionItemStats(groupBy: CREATED_MONTH)",
                () => PostRawAsync(client, ByOpenedMonthQuery, null), () => DrainAsync(sql, ByOpenedMonthSql, null)),
            ("c", $"(c) openItemsOverTime(WEEK, 2 years = {buckets.Count} points)",
                () => PostRawAsync(client, OverTimeQuery, overTimeVariables),
                () => DrainAsync(sql, OverTimeSql, OverTimeParameters(start, end, buckets.Count))),
            ("c′", "(c′) the same, floor reading the per-day rollup instead of status history",
                () => PostRawAsync(client, OverTimeQuery, overTimeVariables),
                () => DrainAsync(sql, OverTimeRollupSql, OverTimeParameters(start, end, buckets.Count))),
        };
        var only = Environment.GetEnvironmentVariable(OnlyRowsVariable)?.Split(',', StringSplitOptions.TrimEntries);
        var results = new List<Row>();
        foreach (var row in measured.Where(r => only is null || only.Contains(r.Key)))
        {
            results.Add(new Row(row.Name, await TimeAsync(row.GraphQL), await TimeAsync(row.Sql)));
        }

        Console.WriteLine();
        Console.WriteLine($"warm-up of at least {WarmUp} requests and until the JIT compiled nothing for {QuietJitTime.TotalSeconds:F0} s (at most {MaxWarmUpTime.TotalSeconds:F0} s), then {Measured} sequential requests each; GraphQL over HTTP (loopback, keep-alive), SQL through one NpgsqlDataSource");
        Console.WriteLine("| query | GraphQL p50 | GraphQL p99 | GraphQL req/s | SQL p50 | SQL p99 | SQL req/s | p50 ≤ 2×SQL+2 ms | p99 ≤ 50 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
        var allMet = true;
        foreach (var row in results)
        {
            var p50Limit = (2 * row.Sql.P50) + 2;
            var p50Met = row.GraphQL.P50 <= p50Limit;
            var p99Met = row.GraphQL.P99 <= 50;
            allMet &= p50Met && p99Met;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Name} | {row.GraphQL.P50:0.00} ms | {row.GraphQL.P99:0.00} ms | {row.GraphQL.PerSecond:0} | {row.Sql.P50:0.00} ms | {row.Sql.P99:0.00} ms | {row.Sql.PerSecond:0} | {(p50Met ? "met" : "NOT met")} (limit {p50Limit:0.00} ms) | {(p99Met ? "met" : "NOT met")} |"));
        }
        Console.WriteLine(allMet ? "all targets met" : "some targets NOT met");
        return 0;
    }

    private static NpgsqlParameter[] OverTimeParameters(DateTimeOffset start, DateTimeOffset end, int buckets) =>
    [
        new("start", NpgsqlDbType.TimestampTz) { Value = start.UtcDateTime },
        new("end", NpgsqlDbType.TimestampTz) { Value = end.UtcDateTime },
        new("buckets", NpgsqlDbType.Integer) { Value = buckets },
    ];

    private static void Check(string what, string graphQL, string sql)
    {
        if (graphQL != sql)
        {
            throw new InvalidOperationException($"{what}: GraphQL and SQL disagree\n  GraphQL: {Shorten(graphQL)}\n  SQL:     {Shorten(sql)}");
        }
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    // ---------------------------------------------------------------- timing

    private sealed record Summary(double P50, double P99, double PerSecond);

    private static async Task<Summary> TimeAsync(Func<Task> operation)
    {
        var warming = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var quietSince = warming.Elapsed;
        for (var i = 0; i < WarmUp || (warming.Elapsed - quietSince < QuietJitTime && warming.Elapsed < MaxWarmUpTime); i++)
        {
            await operation();
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                quietSince = warming.Elapsed;
            }
        }
        Console.Error.WriteLine($"  warmed up in {warming.Elapsed.TotalSeconds:F1} s");
        var times = new double[Measured];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < Measured; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(times);
        return new Summary(Machine.Percentile(times, 0.50), Machine.Percentile(times, 0.99), Measured / seconds);
    }

    private static async Task<JsonDocument> PostAsync(HttpClient client, string query, Dictionary<string, object>? variables)
    {
        var body = await PostRawAsync(client, query, variables);
        var document = JsonDocument.Parse(body);
        if (document.RootElement.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException($"GraphQL errors: {errors}");
        }
        return document;
    }

    private static async Task<string> PostRawAsync(HttpClient client, string query, Dictionary<string, object>? variables)
    {
        var payload = JsonSerializer.Serialize(new Dictionary<string, object?> { ["query"] = query, ["variables"] = variables });
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {Shorten(body)}");
        }
        return body;
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource source, string sql, NpgsqlParameter[]? parameters,
        Func<NpgsqlDataReader, T> read)
    {
        await using var command = source.CreateCommand(sql);
        if (parameters is not null)
        {
            command.Parameters.AddRange(parameters);
        }
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>Reads every column of every row into objects, as a client of the floor would.</summary>
    private static async Task DrainAsync(NpgsqlDataSource source, string sql, NpgsqlParameter[]? parameters)
    {
        var cloned = parameters?.Select(p => p.Clone()).ToArray();
        await ReadAsync(source, sql, cloned, r =>
        {
            var values = new object[r.FieldCount];
            r.GetValues(values);
            return values;
        });
    }

    // ---------------------------------------------------------------- seeding

    /// <summary>
    /// The 100,000-item data set (also seeded by the web benchmark, WebBenchmark.cs): incidents, items, status history,
    /// tracker links and people written with binary COPY, then VACUUM ANALYZE. Returns a one-line description.
    /// </summary>
    internal static async Task<string> SeedAsync(string connectionString, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var origin = now.AddYears(-3);
        var span = (now - origin).TotalSeconds;

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY sync_targets (id, name, kind, base_url, default_tags, push_policy, poll_interval, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
            await writer.WriteAsync("phabricator", NpgsqlDbType.Varchar);
            await writer.WriteAsync("Phabricator", NpgsqlDbType.Varchar);
            await writer.WriteAsync("https://phabricator.example.org", NpgsqlDbType.Varchar);
            await writer.WriteAsync(DefaultTags, NpgsqlDbType.Array | NpgsqlDbType.Text);
            await writer.WriteAsync("manual", NpgsqlDbType.Varchar);
            await writer.WriteAsync(TimeSpan.FromMinutes(5), NpgsqlDbType.Interval);
            await writer.WriteAsync(origin.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY people (id, display_name, git_hub_login, email, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (long id = 1; id <= People; id++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await writer.WriteAsync($"Person {id}", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"person{id}", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"person{id}@example.org", NpgsqlDbType.Varchar);
                await writer.WriteAsync(origin.UtcDateTime, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }

        // Incidents spread evenly over three years; ten items each, created with their incident or later. Each
        // keeps its postmortem (real ones are 3–18 KB; the seeds' median is ~5 KB), which no query below may read.
        var incidentStart = new DateTime[Incidents + 1];
        var postmortems = new CorpusGenerator(seed, DocumentBytes).Generate(64);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY incidents (id, slug, title, format, raw_document, incident_date, started_at, coordinators, document_status, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (long id = 1; id <= Incidents; id++)
            {
                var started = origin.UtcDateTime.AddSeconds(span * (id - 1) / Incidents + random.Next(0, 3600));
                incidentStart[id] = started;
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Bigint);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{started:yyyy-MM-dd}-incident-{id}"), NpgsqlDbType.Varchar);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"Incident {id}: {Teams[id % Teams.Length]} outage"), NpgsqlDbType.Varchar);
                await writer.WriteAsync("Wikitext", NpgsqlDbType.Varchar);
                await writer.WriteAsync(postmortems[(int)(id % postmortems.Count)].Text, NpgsqlDbType.Text);
                await writer.WriteAsync(DateOnly.FromDateTime(started), NpgsqlDbType.Date);
                await writer.WriteAsync(started, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync("Final", NpgsqlDbType.Varchar);
                await writer.WriteAsync(started.AddDays(2), NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(started.AddDays(2), NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }

        // Items, their status history and tracker links, decided together so they agree.
        var nowUtc = now.UtcDateTime;
        var itemRows = new List<(long Id, long Incident, int Ordinal, string Status, long? Owner, string? Team, string Priority, string[] Tags, DateTime Created, DateTime Updated, long Version)>(Items);
        var history = new List<(long Item, string? Old, string New, DateTime At, string Actor, string Origin)>(Items * 2);
        var links = new List<(long Item, string RemoteId, string State, DateTime Created)>();
        for (long id = 1; id <= Items; id++)
        {
            var historyBefore = history.Count;
            var incident = ((id - 1) / (Items / Incidents)) + 1;
            var created = incidentStart[incident].AddDays(2).AddMinutes(random.Next(0, 60 * 24 * 14));
            if (created > nowUtc)
            {
                created = nowUtc.AddMinutes(-random.Next(1, 600));
            }
            history.Add((id, null, "Open", created, "import", "Import"));
            var status = "Open";
            var updated = created;
            var ageDays = (nowUtc - created).TotalDays;
            var roll = random.NextDouble();
            if (roll < 0.10 && ageDays > 2)
            {
                // In progress (some of them stalled later).
                updated = created.AddDays(random.NextDouble() * Math.Min(ageDays, 60));
                history.Add((id, "Open", "InProgress", updated, "person", "Phabricator"));
                status = "InProgress";
                if (random.NextDouble() < 0.3 && updated.AddDays(14) < nowUtc)
                {
                    var stalled = updated.AddDays(14);
                    history.Add((id, "InProgress", "Stalled", stalled, "person", "Local"));
                    status = "Stalled";
                    updated = stalled;
                }
            }
            else if (roll < 0.70 && created.AddDays(1) < nowUtc)
            {
                // Closed, ~60%: mostly resolved after days to months, some declined; a few reopened and closed again.
                // Items whose closing day would be in the future are still open.
                var closedAt = created.AddDays((random.NextDouble() * random.NextDouble() * 300) + 0.5);
                if (closedAt >= nowUtc)
                {
                    closedAt = created.AddDays(random.NextDouble() * ageDays);
                }
                var closedAs = random.NextDouble() < 0.8 ? "Resolved" : "Declined";
                history.Add((id, "Open", closedAs, closedAt, "person", random.NextDouble() < 0.5 ? "Phabricator" : "Local"));
                status = closedAs;
                updated = closedAt;
                if (random.NextDouble() < 0.05 && (nowUtc - closedAt).TotalDays > 10)
                {
                    var reopened = closedAt.AddDays(3);
                    history.Add((id, closedAs, "Open", reopened, "person", "Local"));
                    status = "Open";
                    updated = reopened;
                    if (random.NextDouble() < 0.5)
                    {
                        var closedAgain = reopened.AddDays(5);
                        history.Add((id, "Open", "Resolved", closedAgain, "person", "Local"));
                        status = "Resolved";
                        updated = closedAgain;
                    }
                }
            }
            long? owner = random.NextDouble() < 0.4 ? null : random.Next(1, People + 1);
            var team = random.NextDouble() < 0.1 ? null : Teams[(int)Math.Min(Teams.Length - 1, Math.Floor(Math.Pow(random.NextDouble(), 1.5) * Teams.Length))];
            var tags = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Tags[random.Next(Tags.Length)]).Distinct().ToArray();
            var priority = Priorities[random.Next(Priorities.Length)];
            itemRows.Add((id, incident, (int)((id - 1) % (Items / Incidents)) + 1, status, owner, team, priority, tags, created, updated, history.Count - historyBefore));
            if (random.NextDouble() < 0.25)
            {
                links.Add((id, string.Create(CultureInfo.InvariantCulture, $"T{100000 + id}"), random.NextDouble() < 0.95 ? "Linked" : "Error", created.AddHours(1)));
            }
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY action_items (id, incident_id, ordinal, title, description, status, owner_id, team, priority, tags, source_section, confidence, needs_review, created_at, updated_at, opened_at, resolved_at, version) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var item in itemRows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(item.Id, NpgsqlDbType.Bigint);
                await writer.WriteAsync(item.Incident, NpgsqlDbType.Bigint);
                await writer.WriteAsync(item.Ordinal, NpgsqlDbType.Integer);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"Follow-up {item.Ordinal} for incident {item.Incident}: add {Tags[item.Id % Tags.Length]} coverage"), NpgsqlDbType.Varchar);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"Action item {item.Id} extracted from the postmortem of incident {item.Incident}."), NpgsqlDbType.Text);
                await writer.WriteAsync(item.Status, NpgsqlDbType.Varchar);
                if (item.Owner is { } owner)
                {
                    await writer.WriteAsync(owner, NpgsqlDbType.Bigint);
                }
                else
                {
                    await writer.WriteNullAsync();
                }
                if (item.Team is { } team)
                {
                    await writer.WriteAsync(team, NpgsqlDbType.Varchar);
                }
                else
                {
                    await writer.WriteNullAsync();
                }
                await writer.WriteAsync(item.Priority, NpgsqlDbType.Varchar);
                await writer.WriteAsync(item.Tags, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await writer.WriteAsync("Actionables", NpgsqlDbType.Varchar);
                await writer.WriteAsync(0.9, NpgsqlDbType.Double);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync(item.Created, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(item.Updated, NpgsqlDbType.TimestampTz);
                // Made here, not imported: opened when created; a closed item was closed at its last update.
                await writer.WriteAsync(item.Created, NpgsqlDbType.TimestampTz);
                if (item.Status is "Open" or "InProgress" or "Stalled")
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(item.Updated, NpgsqlDbType.TimestampTz);
                }
                await writer.WriteAsync(item.Version, NpgsqlDbType.Bigint);
            }
            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY action_item_history (action_item_id, field, old_value, new_value, at, actor, origin) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in history)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.Item, NpgsqlDbType.Bigint);
                await writer.WriteAsync("status", NpgsqlDbType.Varchar);
                if (row.Old is { } old)
                {
                    await writer.WriteAsync(old, NpgsqlDbType.Text);
                }
                else
                {
                    await writer.WriteNullAsync();
                }
                await writer.WriteAsync(row.New, NpgsqlDbType.Text);
                await writer.WriteAsync(row.At, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(row.Actor, NpgsqlDbType.Varchar);
                await writer.WriteAsync(row.Origin, NpgsqlDbType.Varchar);
            }
            await writer.CompleteAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY tracker_links (action_item_id, sync_target_id, remote_id, remote_url, state, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var link in links)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(link.Item, NpgsqlDbType.Bigint);
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                await writer.WriteAsync(link.RemoteId, NpgsqlDbType.Varchar);
                await writer.WriteAsync("https://phabricator.example.org/" + link.RemoteId, NpgsqlDbType.Varchar);
                await writer.WriteAsync(link.State, NpgsqlDbType.Varchar);
                await writer.WriteAsync(link.Created, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }

        // Explicit ids bypass the identity sequences: move them past the seeded rows.
        foreach (var table in new[] { "sync_targets", "people", "incidents", "action_items" })
        {
            await using var command = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))", connection);
            await command.ExecuteScalarAsync();
        }
        // What autovacuum does to a table after bulk inserts: statistics, and the visibility map that lets
        // counts come from index-only scans.
        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        var open = itemRows.Count(i => i.Status is "Open" or "InProgress" or "Stalled");
        var unassignedOpen = itemRows.Count(i => i.Status == "Open" && i.Owner is null);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Incidents} incidents, {itemRows.Count} items ({open} open, {unassignedOpen} open and unassigned), {history.Count} status history rows, {links.Count} tracker links, {People} people");
    }
}
