using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

public class StatsGroupingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_group_by_incident_opened_month_resolved_month_and_quarter_and_by_a_second_dimension(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var dbOutage = data.Incident("db-outage");
            var netFlap = data.Incident("net-flap");
            await data.SaveAsync();
            var january = TestData.T0; // 2025-01-06
            var april = new DateTimeOffset(2025, 4, 2, 9, 0, 0, TimeSpan.Zero);
            var a = data.Item(dbOutage, "a", january);
            a.SetTeam("sre", TestData.At(january));
            var b = data.Item(dbOutage, "b", january);
            b.SetTeam("sre", TestData.At(january));
            b.SetStatus(ActionItemStatus.Resolved, TestData.At(january.AddDays(30)));
            var c = data.Item(netFlap, "c", april);
            c.SetTeam("net", TestData.At(april));
            await data.SaveAsync();
        }

        async Task<List<JsonElement>> StatsAsync(string arguments) =>
            [.. (await host.PostAsync($$"""{ actionItemStats({{arguments}}) { key label count openCount groups { key count openCount } } }""",
                role: Roles.Viewer)).Ok().GetProperty("actionItemStats").EnumerateArray()];
        static (string?, int, int) Row(JsonElement g) =>
            (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32(), g.GetProperty("openCount").GetInt32());

        var byIncident = await StatsAsync("groupBy: INCIDENT");
        var byMonth = await StatsAsync("groupBy: CREATED_MONTH");
        var byResolved = await StatsAsync("groupBy: RESOLVED_MONTH");
        var byQuarter = await StatsAsync("groupBy: QUARTER");
        var teamByStatus = await StatsAsync("groupBy: TEAM, thenBy: STATUS");

        Assert.Equal(["db-outage", "net-flap"], byIncident.Select(g => g.GetProperty("label").GetString()));
        Assert.Equal([("2025-01", 2, 1), ("2025-04", 1, 1)], byMonth.Select(Row));
        Assert.Equal([("2025-02", 1, 0), (null, 2, 2)], byResolved.Select(Row));
        Assert.Equal("(not resolved)", byResolved[1].GetProperty("label").GetString());
        Assert.Equal([("2025-Q1", 2, 1), ("2025-Q2", 1, 1)], byQuarter.Select(Row));
        var sre = teamByStatus.Single(g => g.GetProperty("key").GetString() == "sre");
        Assert.Equal([("OPEN", 1, 1), ("RESOLVED", 1, 0)], sre.GetProperty("groups").EnumerateArray().Select(Row).OrderBy(r => r.Item1));
        Assert.Equal(JsonValueKind.Null, byIncident[0].GetProperty("groups").ValueKind);
    }

    /// <summary>Open ages and resolve times (hours) of the seeded items, per team (null: no team).</summary>
    private static readonly (string? Team, double[] OpenAgesDays, double[] ResolveHours)[] Seeded =
    [
        ("sre", [2.5, 12.5, 400.5], [10, 20, 40, 100]),
        ("net", [45.5], [5, 7.5]),
        (null, [200.5], [1]),
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Time_to_resolve_and_open_item_ages_per_group_match_an_independent_computation(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var now = DateTimeOffset.UtcNow;
        var resolvedAt = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var incident = data.Incident("ages");
            await data.SaveAsync();
            foreach (var (team, openAges, hours) in Seeded)
            {
                foreach (var age in openAges)
                {
                    var opened = now.AddDays(-age);
                    data.Item(incident, $"open {team} {age}", opened).SetTeam(team, TestData.At(opened));
                }
                foreach (var duration in hours)
                {
                    var opened = resolvedAt.AddHours(-duration);
                    var item = data.Item(incident, $"resolved {team} {duration}", opened);
                    item.SetTeam(team, TestData.At(opened));
                    item.SetStatus(ActionItemStatus.Resolved, TestData.At(resolvedAt));
                }
            }
            // Closed at an unknown time before its import: counts nowhere in time to resolve.
            var unknown = ActionItem.CreateImported(0, "closed before import", null, new Change("seed", ChangeOrigin.Import, resolvedAt),
                resolvedAt.AddDays(-3), done: true, doneAt: null);
            unknown.Incident = incident;
            unknown.SetTeam("sre", TestData.At(resolvedAt));
            db.ActionItems.Add(unknown);
            await data.SaveAsync();
        }

        var byTeam = (await host.PostAsync("{ timeToResolveByGroup(groupBy: TEAM) { key label count medianHours p90Hours } }", role: Roles.Viewer))
            .Ok().GetProperty("timeToResolveByGroup").EnumerateArray().ToList();
        var all = (await host.PostAsync("{ timeToResolve { count medianHours p90Hours } }", role: Roles.Viewer)).Ok().GetProperty("timeToResolve");
        var ages = (await host.PostAsync("{ openItemAgeBucketsByGroup(groupBy: TEAM) { key label count buckets { label minDays maxDays count } } }",
            role: Roles.Viewer)).Ok().GetProperty("openItemAgeBucketsByGroup").EnumerateArray().ToList();
        var customEdges = (await host.PostAsync("{ openItemAgeBucketsByGroup(groupBy: TEAM, edgesDays: [1, 10, 100]) { key buckets { label count } } }",
            role: Roles.Viewer)).Ok().GetProperty("openItemAgeBucketsByGroup").EnumerateArray().ToList();
        var ungroupedCustom = (await host.PostAsync("{ openItemAgeBuckets(edgesDays: [1, 10, 100]) { label minDays maxDays count } }",
            role: Roles.Viewer)).Ok().GetProperty("openItemAgeBuckets").EnumerateArray().ToList();

        // Filtered (on PostgreSQL the filter's own SQL and parameters become a sub-select of the grouping query).
        var filteredResolve = (await host.PostAsync("""{ timeToResolveByGroup(groupBy: TEAM, filter: {teams: ["net", "sre"]}) { key count p90Hours } }""",
            role: Roles.Viewer)).Ok().GetProperty("timeToResolveByGroup").EnumerateArray().ToList();
        var filteredAges = (await host.PostAsync("""{ openItemAgeBucketsByGroup(groupBy: STATUS, edgesDays: [10], filter: {teams: ["sre"], open: true}) { key count buckets { count } } }""",
            role: Roles.Viewer)).Ok().GetProperty("openItemAgeBucketsByGroup").EnumerateArray().ToList();
        var filteredCounts = (await host.PostAsync("""{ actionItemStats(groupBy: TEAM, thenBy: STATUS, filter: {teams: ["net"]}) { key count groups { key count } } }""",
            role: Roles.Viewer)).Ok().GetProperty("actionItemStats").EnumerateArray().ToList();
        Assert.Equal([("sre", 4), ("net", 2)], filteredResolve.Select(g => (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32())));
        Assert.Equal(Interpolated(Seeded[1].ResolveHours, 0.9), filteredResolve[1].GetProperty("p90Hours").GetDouble(), 6);
        Assert.Equal([("OPEN", 3)], filteredAges.Select(g => (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32())));
        Assert.Equal([1, 2], filteredAges[0].GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()));
        Assert.Equal([("net", 3)], filteredCounts.Select(g => (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32())));
        Assert.Equal([("OPEN", 1), ("RESOLVED", 2)], filteredCounts[0].GetProperty("groups").EnumerateArray()
            .Select(g => (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32())).OrderBy(g => g.Item1));

        // Time to resolve: largest group first, figures as a sorted list's linear interpolation.
        Assert.Equal(["sre", "net", null], byTeam.Select(g => g.GetProperty("key").GetString()));
        Assert.Equal("(no team)", byTeam[2].GetProperty("label").GetString());
        foreach (var group in byTeam)
        {
            var hours = Seeded.Single(s => s.Team == group.GetProperty("key").GetString()).ResolveHours;
            Assert.Equal(hours.Length, group.GetProperty("count").GetInt32());
            Assert.Equal(Interpolated(hours, 0.5), group.GetProperty("medianHours").GetDouble(), 6);
            Assert.Equal(Interpolated(hours, 0.9), group.GetProperty("p90Hours").GetDouble(), 6);
        }
        var everyHour = Seeded.SelectMany(s => s.ResolveHours).ToArray();
        Assert.Equal(everyHour.Length, all.GetProperty("count").GetInt32());
        Assert.Equal(Interpolated(everyHour, 0.5), all.GetProperty("medianHours").GetDouble(), 6);
        Assert.Equal(Interpolated(everyHour, 0.9), all.GetProperty("p90Hours").GetDouble(), 6);

        // Ages with the default edges: the labels the dashboard always had, every bucket listed; ties by key, none last.
        Assert.Equal(["sre", "net", null], ages.Select(g => g.GetProperty("key").GetString()));
        foreach (var group in ages)
        {
            var expected = BucketCounts(Seeded.Single(s => s.Team == group.GetProperty("key").GetString()).OpenAgesDays, [7, 30, 90, 365]);
            Assert.Equal(expected, group.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()));
            Assert.Equal(expected.Sum(), group.GetProperty("count").GetInt32());
            Assert.Equal(["under 7 days", "7–30 days", "30–90 days", "90–365 days", "over a year"],
                group.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("label").GetString()));
        }
        foreach (var group in customEdges)
        {
            var expected = BucketCounts(Seeded.Single(s => s.Team == group.GetProperty("key").GetString()).OpenAgesDays, [1, 10, 100]);
            Assert.Equal(expected, group.GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()));
        }
        Assert.Equal(["under 1 day", "1–10 days", "10–100 days", "over 100 days"], ungroupedCustom.Select(b => b.GetProperty("label").GetString()));
        Assert.Equal(BucketCounts([.. Seeded.SelectMany(s => s.OpenAgesDays)], [1, 10, 100]), ungroupedCustom.Select(b => b.GetProperty("count").GetInt32()));
        Assert.Equal([(0, 1), (1, 10), (10, 100), (100, (int?)null)], ungroupedCustom.Select(b =>
            (b.GetProperty("minDays").GetInt32(), b.GetProperty("maxDays").ValueKind == JsonValueKind.Null ? null : (int?)b.GetProperty("maxDays").GetInt32())));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bucket_edges_that_are_not_ascending_positive_and_few_are_refused_before_any_sql(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var tooMany = string.Join(", ", Enumerable.Range(1, 21));

        foreach (var (edges, expected) in new[]
                 {
                     ("[]", "between 1 and 20 edges"), ($"[{tooMany}]", "between 1 and 20 edges (it has 21)"),
                     ("[0, 7]", "(0 is not)"), ("[7, -1]", "(-1 is not)"), ("[7, 40000]", "(40000 is not)"),
                     ("[30, 7]", "strictly ascending (7 follows 30)"), ("[7, 7]", "strictly ascending (7 follows 7)"),
                 })
        {
            foreach (var field in new[] { "openItemAgeBuckets(edgesDays: EDGES) { count }", "openItemAgeBucketsByGroup(groupBy: TEAM, edgesDays: EDGES) { count }" })
            {
                host.SqlCommands.Reset();
                var response = await host.PostAsync("{ " + field.Replace("EDGES", edges, StringComparison.Ordinal) + " }", role: Roles.Viewer);

                Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.Status);
                Assert.Equal(["VALIDATION"], response.ErrorCodes);
                Assert.Contains(expected, response.Text, StringComparison.Ordinal);
                Assert.Equal(0, host.SqlCommands.Count);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task First_answers_the_head_of_the_full_order_for_every_dimension_with_and_without_a_second(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            // Incidents with 1, 2, 3 and 3 items (a tie, broken by the key), teams and months of different sizes.
            var incidents = new[] { data.Incident("one"), data.Incident("two"), data.Incident("three-a"), data.Incident("three-b") };
            await data.SaveAsync();
            var sizes = new[] { 1, 2, 3, 3 };
            var teams = new[] { "sre", "net", "db", null };
            for (var i = 0; i < incidents.Length; i++)
            {
                for (var n = 0; n < sizes[i]; n++)
                {
                    var opened = TestData.T0.AddDays(40 * n);
                    var item = data.Item(incidents[i], $"item {i}.{n}", opened);
                    item.SetTeam(teams[(i + n) % teams.Length], TestData.At(opened));
                    if (n == 1)
                    {
                        item.SetStatus(ActionItemStatus.Resolved, TestData.At(opened.AddDays(3)));
                    }
                }
            }
            await data.SaveAsync();
        }

        async Task<string> StatsAsync(string arguments) =>
            (await host.PostAsync($$"""{ actionItemStats({{arguments}}) { key label count openCount groups { key count openCount } } }""",
                role: Roles.Viewer)).Ok().GetProperty("actionItemStats").GetRawText();

        foreach (var dimensions in new[] { "groupBy: INCIDENT", "groupBy: TEAM", "groupBy: CREATED_MONTH", "groupBy: STATUS",
                     "groupBy: INCIDENT, thenBy: STATUS", "groupBy: TEAM, thenBy: INCIDENT" })
        {
            using var all = JsonDocument.Parse(await StatsAsync(dimensions));
            var groups = all.RootElement.EnumerateArray().Select(g => g.GetRawText()).ToList();
            Assert.True(groups.Count >= 2, dimensions);
            for (var first = 1; first <= groups.Count + 1; first++)
            {
                using var head = JsonDocument.Parse(await StatsAsync($"{dimensions}, first: {first}"));
                Assert.Equal(groups.Take(first), head.RootElement.EnumerateArray().Select(g => g.GetRawText()));
            }
        }
        using var top = JsonDocument.Parse(await StatsAsync("groupBy: INCIDENT, first: 2"));
        Assert.Equal(["three-a", "three-b"], top.RootElement.EnumerateArray().Select(g => g.GetProperty("label").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Equal_counts_are_ordered_by_the_api_key_so_first_cuts_ties_like_the_whole_list(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var incident = data.Incident("ties");
            await data.SaveAsync();
            // Two open items, then one IN_PROGRESS and one INVALID: stored as "InProgress" and "Invalid", which sort the
            // other way round from the API's names. Teams "net" and "db" tie too.
            foreach (var (status, team) in new[] { (ActionItemStatus.Open, "sre"), (ActionItemStatus.Open, "sre"),
                         (ActionItemStatus.InProgress, "net"), (ActionItemStatus.Invalid, "db") })
            {
                var item = data.Item(incident, $"{status} {team}", TestData.T0);
                item.SetTeam(team, TestData.At(TestData.T0));
                item.SetTags(["tie"], TestData.At(TestData.T0));
                if (status != ActionItemStatus.Open)
                {
                    item.SetStatus(status, TestData.At(TestData.T0.AddDays(1)));
                }
            }
            await data.SaveAsync();
        }

        async Task<List<string?>> KeysAsync(string arguments) =>
            [.. (await host.PostAsync($$"""{ actionItemStats({{arguments}}) { key } }""", role: Roles.Viewer)).Ok()
                .GetProperty("actionItemStats").EnumerateArray().Select(g => g.GetProperty("key").GetString())];

        Assert.Equal(["OPEN", "INVALID", "IN_PROGRESS"], await KeysAsync("groupBy: STATUS"));
        Assert.Equal(["OPEN", "INVALID", "IN_PROGRESS"], await KeysAsync("groupBy: STATUS, thenBy: TAG"));
        Assert.Equal(["OPEN", "INVALID"], await KeysAsync("groupBy: STATUS, first: 2"));
        Assert.Equal(["OPEN", "INVALID"], await KeysAsync("groupBy: STATUS, thenBy: TAG, first: 2"));
        Assert.Equal(["sre", "db", "net"], await KeysAsync("groupBy: TEAM"));
        Assert.Equal(["sre", "db"], await KeysAsync("groupBy: TEAM, first: 2"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_first_outside_1_to_10000_is_refused_before_any_sql(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        foreach (var first in new[] { 0, -1, 10_001 })
        {
            host.SqlCommands.Reset();
            var response = await host.PostAsync($"{{ actionItemStats(groupBy: INCIDENT, first: {first}) {{ count }} }}", role: Roles.Viewer);

            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.Status);
            Assert.Equal(["VALIDATION"], response.ErrorCodes);
            Assert.Contains($"'first' must be between 1 and 10000, got {first}", response.Text, StringComparison.Ordinal);
            Assert.Equal(0, host.SqlCommands.Count);
        }
    }

    /// <summary>The p-th percentile of <paramref name="values"/> by linear interpolation between closest ranks.</summary>
    private static double Interpolated(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = p * (sorted.Length - 1);
        var below = (int)rank;
        return below + 1 < sorted.Length ? sorted[below] + ((rank - below) * (sorted[below + 1] - sorted[below])) : sorted[below];
    }

    private static int[] BucketCounts(double[] agesDays, int[] edges) =>
        [.. Enumerable.Range(0, edges.Length + 1).Select(i =>
            agesDays.Count(age => age >= (i == 0 ? 0 : edges[i - 1]) && (i == edges.Length || age < edges[i])))];
}
