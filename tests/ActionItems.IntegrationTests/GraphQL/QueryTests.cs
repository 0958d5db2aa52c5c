using System.Text.Json;
using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.GraphQL;

[Collection(HostCollection.Name)]
public class QueryTests
{
    /// <summary>
    /// Six items over two incidents: a (open, alice, team sre, tags db+net, linked to Phabricator, created T0),
    /// b (resolved on day 3, bob, linked to GitHub), c (in progress, unassigned, team web, tag net),
    /// d (open, unassigned, archived), e (declined on day 2, reopened on day 5), f (open, "Disk alert" text).
    /// </summary>
    private static async Task<Dictionary<string, long>> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var t0 = TestData.T0;
        var first = data.Incident("2025-01-05 db-outage", new DateOnly(2025, 1, 5));
        var second = data.Incident("2025-02-10 net-flap", new DateOnly(2025, 2, 10));
        var alice = data.Person("Alice", "alice");
        var bob = data.Person("Bob");
        var phab = data.Target("phab", TrackerKind.Phabricator);
        var github = data.Target("gh", TrackerKind.GitHub);
        await data.SaveAsync();

        var a = data.Item(first, "Add replica lag alert", t0);
        a.SetOwner(alice, TestData.At(t0));
        a.SetTeam("sre", TestData.At(t0));
        a.SetTags(["db", "net"], TestData.At(t0));
        a.SetPriority(Priority.High, TestData.At(t0));
        a.Links.Add(new TrackerLink { SyncTarget = phab, RemoteId = "T100", CreatedAt = t0 });
        var b = data.Item(first, "Document failover", t0.AddHours(1));
        b.SetOwner(bob, TestData.At(t0.AddHours(1)));
        b.SetStatus(ActionItemStatus.Resolved, TestData.At(t0.AddDays(3)));
        b.SetPriority(Priority.Unbreak, TestData.At(t0.AddHours(1)));
        b.Links.Add(new TrackerLink { SyncTarget = github, RemoteId = "org/repo#1", CreatedAt = t0 });
        var c = data.Item(second, "Tune BGP timers", t0.AddDays(1), "flapping links");
        c.SetStatus(ActionItemStatus.InProgress, TestData.At(t0.AddDays(1)));
        c.SetTeam("web", TestData.At(t0.AddDays(1)));
        c.SetTags(["net"], TestData.At(t0.AddDays(1)));
        var d = data.Item(second, "Old idea", t0.AddDays(1));
        d.Archive(TestData.At(t0.AddDays(2)));
        var e = data.Item(second, "Runbook for flaps", t0.AddDays(1));
        e.SetStatus(ActionItemStatus.Declined, TestData.At(t0.AddDays(2)));
        e.SetStatus(ActionItemStatus.Open, TestData.At(t0.AddDays(5)));
        var f = data.Item(second, "Page on-call", t0.AddDays(2), "Disk ALERT thresholds");
        f.SetPriority(Priority.Low, TestData.At(t0.AddDays(2)));
        await data.SaveAsync();
        return new() { ["a"] = a.Id, ["b"] = b.Id, ["c"] = c.Id, ["d"] = d.Id, ["e"] = e.Id, ["f"] = f.Id, ["alice"] = alice.Id, ["first"] = first.Id, ["phab"] = phab.Id };
    }

    private static List<string> Titles(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("title").GetString()!)];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_filter_selects_the_items_it_names(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var ids = await SeedAsync(host.Database);

        async Task<List<string>> TitlesAsync(string filter)
        {
            var data = (await host.PostAsync($"{{ actionItems(filter: {filter}, orderBy: ID_ASC) {{ totalCount edges {{ node {{ title }} }} }} }}")).Ok();
            var titles = Titles(data.GetProperty("actionItems"));
            Assert.Equal(titles.Count, data.GetProperty("actionItems").GetProperty("totalCount").GetInt32());
            return titles;
        }

        Assert.Equal(["Add replica lag alert", "Document failover", "Tune BGP timers", "Runbook for flaps", "Page on-call"], await TitlesAsync("{}"));
        Assert.Equal(["Add replica lag alert", "Runbook for flaps", "Page on-call"], await TitlesAsync("{statuses: [OPEN]}"));
        Assert.Equal(["Tune BGP timers", "Runbook for flaps", "Page on-call"], await TitlesAsync("{unassigned: true}"));
        Assert.Equal(["Add replica lag alert"], await TitlesAsync($"{{ownerIds: [\"{ids["alice"]}\"]}}"));
        Assert.Equal(["Tune BGP timers"], await TitlesAsync("{teams: [\"web\"]}"));
        Assert.Equal(["Add replica lag alert", "Tune BGP timers"], await TitlesAsync("{tags: [\"NET\"]}"));
        Assert.Equal(["Add replica lag alert", "Document failover"], await TitlesAsync($"{{incidentIds: [{ids["first"]}]}}"));
        Assert.Equal(["Document failover"], await TitlesAsync("{trackerKinds: [GITHUB]}"));
        Assert.Equal(["Add replica lag alert", "Document failover"], await TitlesAsync("{linked: true}"));
        Assert.Equal(["Tune BGP timers", "Runbook for flaps", "Page on-call"], await TitlesAsync("{linked: false}"));
        Assert.Equal(["Add replica lag alert", "Page on-call"], await TitlesAsync("{search: \"  alert \"}"));
        Assert.Equal(["Page on-call"], await TitlesAsync("{search: \"disk alert\"}"));
        Assert.Equal(["Tune BGP timers"], await TitlesAsync("{search: \"FLAPPING\"}"));
        Assert.Equal(["Tune BGP timers", "Runbook for flaps", "Page on-call"], await TitlesAsync("{createdAfter: \"2025-01-07T09:00:00Z\"}"));
        Assert.Equal(["Add replica lag alert", "Document failover"], await TitlesAsync("{createdBefore: \"2025-01-07T09:00:00Z\"}"));
        Assert.Equal(["Runbook for flaps"], await TitlesAsync("{updatedAfter: \"2025-01-11T00:00:00Z\"}"));
        Assert.Equal(["Add replica lag alert", "Document failover", "Tune BGP timers", "Old idea", "Runbook for flaps", "Page on-call"],
            await TitlesAsync("{includeArchived: true}"));
        Assert.Equal(["Add replica lag alert", "Tune BGP timers", "Runbook for flaps", "Page on-call"],
            await TitlesAsync("{statuses: [OPEN, IN_PROGRESS], priorities: [HIGH, LOW, UNSET]}"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OpenAt_answers_from_status_history(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await SeedAsync(host.Database);

        async Task<List<string>> OpenAtAsync(string at) => Titles((await host.PostAsync(
            $"{{ actionItems(filter: {{openAt: \"{at}\"}}, orderBy: ID_ASC) {{ edges {{ node {{ title }} }} }} }}")).Ok().GetProperty("actionItems"));

        // Before anything existed; then b and e open; then b resolved, e declined; then e reopened.
        Assert.Empty(await OpenAtAsync("2025-01-01T00:00:00Z"));
        Assert.Equal(["Add replica lag alert", "Document failover", "Tune BGP timers", "Runbook for flaps"], await OpenAtAsync("2025-01-07T12:00:00Z"));
        Assert.Equal(["Add replica lag alert", "Tune BGP timers", "Page on-call"], await OpenAtAsync("2025-01-10T00:00:00Z"));
        Assert.Equal(["Add replica lag alert", "Tune BGP timers", "Runbook for flaps", "Page on-call"], await OpenAtAsync("2025-01-12T00:00:00Z"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_ordering_is_sorted_with_ties_broken_by_id(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await SeedAsync(host.Database);

        async Task<List<string>> OrderedAsync(string order) => Titles((await host.PostAsync(
            $"{{ actionItems(orderBy: {order}) {{ edges {{ node {{ title }} }} }} }}")).Ok().GetProperty("actionItems"));

        Assert.Equal(["Add replica lag alert", "Document failover", "Tune BGP timers", "Runbook for flaps", "Page on-call"], await OrderedAsync("CREATED_ASC"));
        Assert.Equal(["Page on-call", "Runbook for flaps", "Tune BGP timers", "Document failover", "Add replica lag alert"], await OrderedAsync("CREATED_DESC"));
        Assert.Equal(["Document failover", "Add replica lag alert", "Page on-call", "Runbook for flaps", "Tune BGP timers"], await OrderedAsync("PRIORITY_DESC"));
        Assert.Equal(["Tune BGP timers", "Runbook for flaps", "Page on-call", "Add replica lag alert", "Document failover"], await OrderedAsync("PRIORITY_ASC"));
        // b was last changed at +1h (its priority), after its resolution at +3d was recorded.
        Assert.Equal(["Runbook for flaps", "Page on-call", "Tune BGP timers", "Document failover", "Add replica lag alert"], await OrderedAsync("UPDATED_DESC"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Single_lookups_people_targets_and_nested_fields_answer(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var ids = await SeedAsync(host.Database);

        var data = (await host.PostAsync($$"""
            {
              byId: incident(id: {{ids["first"]}}) { slug date actionItems { title owner { displayName } links { remoteId remoteUrl syncTarget { name kind } } } }
              bySlug: incident(slug: "2025-02-10 net-flap") { id actionItems { title } }
              item: actionItem(id: {{ids["d"]}}) { title archivedAt incident { slug } history { field newValue actor origin } }
              people(search: "ali") { totalCount edges { node { displayName phabricatorUsername } } }
              syncTargets { name kind baseUrl }
              incidents(orderBy: DATE_ASC) { edges { node { slug } } }
            }
            """)).Ok();

        Assert.Equal("2025-01-05", data.GetProperty("byId").GetProperty("date").GetString());
        var firstItem = data.GetProperty("byId").GetProperty("actionItems")[0];
        Assert.Equal("Alice", firstItem.GetProperty("owner").GetProperty("displayName").GetString());
        Assert.Equal("PHABRICATOR", firstItem.GetProperty("links")[0].GetProperty("syncTarget").GetProperty("kind").GetString());
        Assert.Equal(3, data.GetProperty("bySlug").GetProperty("actionItems").GetArrayLength()); // the archived one is left out
        Assert.NotEqual(JsonValueKind.Null, data.GetProperty("item").GetProperty("archivedAt").ValueKind);
        Assert.Contains(data.GetProperty("item").GetProperty("history").EnumerateArray(),
            h => h.GetProperty("field").GetString() == "archived" && h.GetProperty("origin").GetString() == "LOCAL");
        Assert.Equal("alice", data.GetProperty("people").GetProperty("edges")[0].GetProperty("node").GetProperty("phabricatorUsername").GetString());
        Assert.Equal(["gh", "phab"], data.GetProperty("syncTargets").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["2025-01-05 db-outage", "2025-02-10 net-flap"],
            data.GetProperty("incidents").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("slug").GetString()));

        // Credentials are not even in the schema.
        var credential = await host.PostAsync("{ syncTargets { credentialKey } }");
        Assert.Contains("VALIDATION", credential.ErrorCodes);
    }

    [Fact]
    public async Task An_unknown_incident_or_item_is_null_with_a_NOT_FOUND_error_and_the_rest_still_answers()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres);
        var ids = await SeedAsync(host.Database);

        var response = await host.PostAsync($$"""
            {
              bySlug: incident(slug: "nope") { id }
              byId: incident(id: 999999) { id }
              item: actionItem(id: "999999") { id }
              known: actionItem(id: {{ids["a"]}}) { title }
            }
            """);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
        Assert.Equal(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"], response.ErrorCodes);
        var paths = response.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path")[0].GetString()).Order();
        Assert.Equal(["byId", "bySlug", "item"], paths);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("bySlug").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("byId").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("item").ValueKind);
        Assert.Equal("Add replica lag alert", response.Data.GetProperty("known").GetProperty("title").GetString());
    }

    /// <summary>
    /// PostgreSQL answers from its trigger-kept per-day rollup (unfiltered) or sums status transitions per day
    /// in SQL (filtered), SQLite folds status rows in memory: on the same history (random opens, closes and
    /// reopens over three months; items archived when created, archived later, one unarchived by hand; the
    /// rollup compacted in between) all must give the series an independent fold of the seeded plan gives.
    /// </summary>
    [Fact]
    public async Task Open_items_over_time_is_the_same_on_PostgreSQL_and_SQLite_and_matches_the_history()
    {
        const int Unarchived = 18;
        var random = new Random(7);
        var statuses = Enum.GetValues<ActionItemStatus>();
        var plan = Enumerable.Range(0, 40).Select(n =>
        {
            var created = TestData.T0.AddHours(random.Next(0, 24 * 60));
            var changes = new List<(DateTimeOffset At, ActionItemStatus Status)>();
            var at = created;
            for (var k = random.Next(0, 4); k > 0; k--)
            {
                at = at.AddHours(random.Next(1, 24 * 20));
                changes.Add((at, statuses[random.Next(statuses.Length)]));
            }
            return (Created: created, Team: n % 2 == 0 ? "sre" : "web", Changes: changes, Archived: n % 9 == 0);
        }).ToList();

        async Task SeedPlanAsync(TestDatabase database)
        {
            await using var db = database.CreateContext();
            var data = new TestData(db);
            var incident = data.Incident("2025-01-05 history");
            await data.SaveAsync();
            foreach (var (entry, n) in plan.Select((p, n) => (p, n)))
            {
                var item = data.Item(incident, $"Item {n}", entry.Created);
                item.SetTeam(entry.Team, TestData.At(entry.Created));
                foreach (var (at, status) in entry.Changes)
                {
                    item.SetStatus(status, TestData.At(at));
                }
                if (entry.Archived && n % 2 == 0)
                {
                    item.Archive(TestData.At(entry.Created.AddDays(1)));
                }
            }
            await data.SaveAsync();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync(OpenItemDays.CompactSql);
            }

            // Archived later, in their own statements.
            await using var later = database.CreateContext();
            var archivedLater = plan.Select((p, n) => (p, n)).Where(x => x.p.Archived && x.n % 2 == 1).Select(x => $"Item {x.n}").ToList();
            foreach (var item in await later.ActionItems.Where(i => archivedLater.Contains(i.Title)).ToListAsync())
            {
                item.Archive(TestData.At(TestData.T0.AddDays(70)));
            }
            await later.SaveChangesAsync();
            // Unarchived by hand (no code path does this; the database must still count it again).
            await later.Database.ExecuteSqlRawAsync($"UPDATE action_items SET archived_at = NULL WHERE title = 'Item {Unarchived}'");
        }

        (string Name, string Query, TimeInterval Interval, DateTimeOffset From, DateTimeOffset To, string? Team)[] questions =
        [
            ("days", """openItemsOverTime(interval: DAY, from: "2025-01-20T00:00:00Z", to: "2025-03-10T00:00:00Z")""", TimeInterval.Day,
                new(2025, 1, 20, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), null),
            ("weeks", """openItemsOverTime(interval: WEEK, from: "2025-01-01T00:00:00Z", to: "2025-06-01T00:00:00Z")""", TimeInterval.Week,
                new(2024, 12, 30, 0, 0, 0, TimeSpan.Zero), new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), null),
            ("months", """openItemsOverTime(interval: MONTH, from: "2024-12-15T00:00:00Z", to: "2025-06-01T00:00:00Z", filter: {teams: ["sre"]})""", TimeInterval.Month,
                new(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), "sre"),
        ];
        var query = "{ " + string.Join(" ", questions.Select(q => $"{q.Name}: {q.Query} {{ start open opened closed }}")) + " }";

        var answers = new Dictionary<DatabaseProvider, JsonElement>();
        foreach (var provider in new[] { DatabaseProvider.Postgres, DatabaseProvider.Sqlite })
        {
            await using var host = await GraphQLHost.StartAsync(provider);
            await SeedPlanAsync(host.Database);
            answers[provider] = (await host.PostAsync(query)).Ok();
        }

        Assert.Equal(answers[DatabaseProvider.Postgres].GetRawText(), answers[DatabaseProvider.Sqlite].GetRawText());
        foreach (var question in questions)
        {
            var expected = ExpectedSeries(plan.Where((p, n) => (!p.Archived || n == Unarchived) && (question.Team is null || p.Team == question.Team))
                .Select(p => (IReadOnlyList<(DateTimeOffset, ActionItemStatus)>)[(p.Created, ActionItemStatus.Open), .. p.Changes]).ToList(), question.Interval, question.From, question.To);
            var actual = answers[DatabaseProvider.Postgres].GetProperty(question.Name).EnumerateArray()
                .Select(p => (p.GetProperty("open").GetInt32(), p.GetProperty("opened").GetInt32(), p.GetProperty("closed").GetInt32())).ToList();
            Assert.Equal(expected, actual);
            Assert.True(actual.Sum(p => p.Item2) > 0 && actual.Sum(p => p.Item3) > 0, question.Name); // the data really moves
        }
    }

    /// <summary>Per bucket: open at its end, and how many items became open / closed within it.</summary>
    private static List<(int Open, int Opened, int Closed)> ExpectedSeries(List<IReadOnlyList<(DateTimeOffset At, ActionItemStatus Status)>> items,
        TimeInterval interval, DateTimeOffset start, DateTimeOffset to)
    {
        var series = new List<(int, int, int)>();
        for (var bucketStart = start; bucketStart < to;)
        {
            var bucketEnd = interval switch
            {
                TimeInterval.Day => bucketStart.AddDays(1),
                TimeInterval.Week => bucketStart.AddDays(7),
                _ => bucketStart.AddMonths(1),
            };
            int open = 0, opened = 0, closed = 0;
            foreach (var timeline in items)
            {
                var wasOpen = false;
                foreach (var (at, status) in timeline.Where(c => c.At < bucketEnd))
                {
                    if (status.IsOpen() != wasOpen && at >= bucketStart)
                    {
                        _ = status.IsOpen() ? opened++ : closed++;
                    }
                    wasOpen = status.IsOpen();
                }
                open += wasOpen ? 1 : 0;
            }
            series.Add((open, opened, closed));
            bucketStart = bucketEnd;
        }
        return series;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_group_count_and_follow_history(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await SeedAsync(host.Database);

        var data = (await host.PostAsync("""
            {
              status: actionItemStats(groupBy: STATUS) { key count openCount }
              owner: actionItemStats(groupBy: OWNER) { key label count }
              team: actionItemStats(groupBy: TEAM) { key label count }
              tag: actionItemStats(groupBy: TAG) { key count openCount }
              month: actionItemStats(groupBy: INCIDENT_MONTH) { key count openCount }
              priority: actionItemStats(groupBy: PRIORITY, filter: {statuses: [OPEN]}) { key count }
              overTime: openItemsOverTime(interval: DAY, from: "2025-01-06T00:00:00Z", to: "2025-01-12T00:00:00Z") { start open opened closed }
              weeks: openItemsOverTime(interval: WEEK, from: "2025-01-08T00:00:00Z", to: "2025-01-20T00:00:00Z") { start open opened closed }
              ages: openItemAgeBuckets { label count }
              resolve: timeToResolve { count medianHours p90Hours }
            }
            """)).Ok();

        Dictionary<string, int> Counts(string name, string key = "key") =>
            data.GetProperty(name).EnumerateArray().ToDictionary(g => g.GetProperty(key).GetString() ?? "null", g => g.GetProperty("count").GetInt32());

        Assert.Equal(new Dictionary<string, int> { ["OPEN"] = 3, ["RESOLVED"] = 1, ["IN_PROGRESS"] = 1 }, Counts("status"));
        Assert.Equal(new Dictionary<string, int> { ["(unassigned)"] = 3, ["Alice"] = 1, ["Bob"] = 1 }, Counts("owner", "label"));
        Assert.Equal(new Dictionary<string, int> { ["null"] = 3, ["sre"] = 1, ["web"] = 1 }, Counts("team"));
        Assert.Equal(new Dictionary<string, int> { ["net"] = 2, ["db"] = 1 }, Counts("tag"));
        Assert.Equal(new Dictionary<string, int> { ["2025-01"] = 2, ["2025-02"] = 3 }, Counts("month"));
        Assert.Equal(new Dictionary<string, int> { ["HIGH"] = 1, ["LOW"] = 1, ["UNSET"] = 1 }, Counts("priority"));

        var days = data.GetProperty("overTime").EnumerateArray()
            .Select(p => (p.GetProperty("open").GetInt32(), p.GetProperty("opened").GetInt32(), p.GetProperty("closed").GetInt32())).ToList();
        // Jan 6: a, b created; Jan 7: c, e (d is archived, so filtered out); Jan 8: f created, e declined;
        // Jan 9: b resolved; Jan 11: e reopened.
        Assert.Equal([(2, 2, 0), (4, 2, 0), (4, 1, 1), (3, 0, 1), (3, 0, 0), (4, 1, 0)], days);
        var weeks = data.GetProperty("weeks").EnumerateArray().ToList();
        Assert.Equal("2025-01-06T00:00:00Z", weeks[0].GetProperty("start").GetString());
        Assert.Equal((4, 6, 2), (weeks[0].GetProperty("open").GetInt32(), weeks[0].GetProperty("opened").GetInt32(), weeks[0].GetProperty("closed").GetInt32()));
        Assert.Equal(4, data.GetProperty("ages").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(4, data.GetProperty("ages").EnumerateArray().Last().GetProperty("count").GetInt32()); // all created in 2025, "now" is later
        var resolve = data.GetProperty("resolve");
        Assert.Equal(1, resolve.GetProperty("count").GetInt32());
        Assert.Equal(71.0, resolve.GetProperty("medianHours").GetDouble(), 3);
    }
}
