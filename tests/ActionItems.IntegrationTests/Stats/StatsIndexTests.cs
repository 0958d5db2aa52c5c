using System.Text.RegularExpressions;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.IntegrationTests.Infrastructure;
using Npgsql;

namespace ActionItems.IntegrationTests.Stats;

/// <summary>
/// The groupings by incident and by month opened, time to resolve per team and open-item ages per team read, on
/// PostgreSQL, only the live-item indexes made for them (migrations StatsCoveringIndexes, OpenItemsTeamIndex): an index-only scan instead of every wide item row. The
/// answers are the ones the item rows give, on both providers, months cut in UTC and archived items left out.
/// </summary>
public class StatsIndexTests
{
    private static readonly DateTimeOffset January = new(2025, 1, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Incident_month_and_resolve_groupings_count_live_items_by_utc_month(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await SeedAsync(host);

        var byIncident = await StatsAsync(host, "groupBy: INCIDENT");
        var byMonth = await StatsAsync(host, "groupBy: CREATED_MONTH");
        var resolve = (await host.PostAsync("{ timeToResolveByGroup(groupBy: TEAM) { key count medianHours } }", role: Roles.Viewer))
            .Ok().GetProperty("timeToResolveByGroup").EnumerateArray()
            .Select(g => (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32(), g.GetProperty("medianHours").GetDouble()));

        Assert.Equal([("db-outage", 3, 2), ("net-flap", 1, 0)], byIncident);
        // 23:30 UTC on 31 January is January however the item's own offset wrote it; the archived March item is gone.
        Assert.Equal([("2025-01", 3, 2), ("2025-02", 1, 0)], byMonth);
        Assert.Equal([("sre", 2, 36.0)], resolve);
    }

    [Fact]
    public async Task On_postgres_the_groupings_are_index_only_scans_of_their_live_item_indexes()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres);
        await SeedAsync(host);
        await using var connection = new NpgsqlConnection(host.Database.Options.ConnectionString);
        await connection.OpenAsync();
        // All-visible pages, as autovacuum leaves a table: what lets the planner skip the heap.
        await ExecuteAsync(connection, "VACUUM ANALYZE action_items");

        // Grouped on the index's own key (not on the key's text, e.g. incident_id::text or to_char(opened_at, …)), so the
        // database counts in index order and formats a key once per group instead of hashing or sorting 100k strings.
        foreach (var (query, index, groupKey) in new[]
                 {
                     ("{ actionItemStats(groupBy: INCIDENT) { key count openCount } }", "ix_action_items_live_incident_status",
                         "Group Key: incident_id"),
                     ("{ actionItemStats(groupBy: CREATED_MONTH) { key count openCount } }", "ix_action_items_live_opened_month_status",
                         "Group Key: (date_trunc('month'::text, (opened_at AT TIME ZONE 'UTC'::text)))"),
                     ("{ timeToResolveByGroup(groupBy: TEAM) { key count medianHours p90Hours } }", "ix_action_items_live_resolved_team",
                         "Group Key: team"),
                     ("{ openItemAgeBucketsByGroup(groupBy: TEAM) { key count } }", "ix_action_items_live_open_team",
                         "Group Key: team"),
                 })
        {
            host.SqlCommands.Reset();
            (await host.PostAsync(query, role: Roles.Viewer)).Ok();
            var grouping = Assert.Single(host.SqlCommands.Texts, sql => sql.Contains("GROUP BY", StringComparison.Ordinal));

            // A handful of rows would be read fastest from the table itself; take that choice away to see which index fits.
            await ExecuteAsync(connection, "SET enable_seqscan = off; SET enable_bitmapscan = off");
            // The age buckets' edges are parameters (instants); any instant gives the same plan.
            var plan = await ExplainAsync(connection, Regex.Replace(grouping, @"@stats_edge_\d+", "now()"));

            Assert.Contains($"Index Only Scan using {index}", plan, StringComparison.Ordinal);
            Assert.Contains(groupKey, plan, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Two incidents; items opened in January (one at 23:30 UTC on the 31st, written with a +02:00 offset as
    /// 01:30 on 1 February), February and March (archived); two resolved after 24 and 48 hours.
    /// </summary>
    private static async Task SeedAsync(GraphQLHost host)
    {
        await using var db = host.Database.CreateContext();
        var data = new TestData(db);
        var dbOutage = data.Incident("db-outage");
        var netFlap = data.Incident("net-flap");
        await data.SaveAsync();

        var lastOfJanuary = new DateTimeOffset(2025, 2, 1, 1, 30, 0, TimeSpan.FromHours(2));
        foreach (var (incident, title, opened, resolveAfterHours, archived) in new (Incident, string, DateTimeOffset, int?, bool)[]
                 {
                     (dbOutage, "a", January, null, false),
                     (dbOutage, "b", January, 24, false),
                     (dbOutage, "c", lastOfJanuary, null, false),
                     (netFlap, "d", new DateTimeOffset(2025, 2, 3, 9, 0, 0, TimeSpan.Zero), 48, false),
                     (netFlap, "e", new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), null, true),
                 })
        {
            var item = data.Item(incident, title, opened);
            item.SetTeam("sre", TestData.At(opened));
            if (resolveAfterHours is { } hours)
            {
                item.SetStatus(ActionItemStatus.Resolved, TestData.At(opened.AddHours(hours)));
            }
            if (archived)
            {
                item.Archive(TestData.At(opened.AddDays(1)));
            }
        }
        await data.SaveAsync();
    }

    private static async Task<IEnumerable<(string?, int, int)>> StatsAsync(GraphQLHost host, string arguments) =>
        (await host.PostAsync($$"""{ actionItemStats({{arguments}}) { key label count openCount } }""", role: Roles.Viewer))
        .Ok().GetProperty("actionItemStats").EnumerateArray()
        .Select(g => (g.GetProperty("label").GetString(), g.GetProperty("count").GetInt32(), g.GetProperty("openCount").GetInt32()))
        .ToList();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }
}
