using System.Globalization;
using System.Net;
using System.Text.Json;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// Read-only queries over one seeded database per provider (<see cref="SixItems"/>), shared by the whole class.
/// Still in the host collection (Hosting/ServeTests.cs: no parallelism, so hosts in this process never overlap):
/// a class fixture lives only while its class runs, so its hosts overlap no other class's hosts either.
/// </summary>
[Collection(HostCollection.Name)]
public class QueryTests(QueryTests.SixItems fixture) : IClassFixture<QueryTests.SixItems>
{
    /// <summary>
    /// Six items over two incidents: a (open, alice, team sre, tags db+net, high, linked to Phabricator, created T0),
    /// b (resolved on day 3, bob, unbreak, linked to GitHub), c (in progress, unassigned, team web, tag net,
    /// "flapping links"), d (open, unassigned, archived), e (declined on day 2, reopened on day 5), f (open, low,
    /// "Disk ALERT thresholds").
    /// </summary>
    public sealed class SixItems : SeededHosts<IReadOnlyDictionary<string, long>>
    {
        protected override async Task<IReadOnlyDictionary<string, long>> SeedAsync(TestDatabase database)
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

            var a = data.Item(first, Titles["a"], t0);
            a.SetOwner(alice, TestData.At(t0));
            a.SetTeam("sre", TestData.At(t0));
            a.SetTags(["db", "net"], TestData.At(t0));
            a.SetPriority(Priority.High, TestData.At(t0));
            a.Links.Add(new TrackerLink { SyncTarget = phab, RemoteId = "T100", CreatedAt = t0 });
            var b = data.Item(first, Titles["b"], t0.AddHours(1));
            b.SetOwner(bob, TestData.At(t0.AddHours(1)));
            b.SetStatus(ActionItemStatus.Resolved, TestData.At(t0.AddDays(3)));
            b.SetPriority(Priority.Unbreak, TestData.At(t0.AddHours(1)));
            b.Links.Add(new TrackerLink { SyncTarget = github, RemoteId = "org/repo#1", CreatedAt = t0 });
            var c = data.Item(second, Titles["c"], t0.AddDays(1), "flapping links");
            c.SetStatus(ActionItemStatus.InProgress, TestData.At(t0.AddDays(1)));
            c.SetTeam("web", TestData.At(t0.AddDays(1)));
            c.SetTags(["net"], TestData.At(t0.AddDays(1)));
            var d = data.Item(second, Titles["d"], t0.AddDays(1));
            d.Archive(TestData.At(t0.AddDays(2)));
            var e = data.Item(second, Titles["e"], t0.AddDays(1));
            e.SetStatus(ActionItemStatus.Declined, TestData.At(t0.AddDays(2)));
            e.SetStatus(ActionItemStatus.Open, TestData.At(t0.AddDays(5)));
            var f = data.Item(second, Titles["f"], t0.AddDays(2), "Disk ALERT thresholds");
            f.SetPriority(Priority.Low, TestData.At(t0.AddDays(2)));
            await data.SaveAsync();
            return new Dictionary<string, long>
            {
                ["a"] = a.Id, ["b"] = b.Id, ["c"] = c.Id, ["d"] = d.Id, ["e"] = e.Id, ["f"] = f.Id,
                ["alice"] = alice.Id, ["first"] = first.Id, ["phab"] = phab.Id,
            };
        }
    }

    private static readonly Dictionary<string, string> Titles = new()
    {
        ["a"] = "Add replica lag alert",
        ["b"] = "Document failover",
        ["c"] = "Tune BGP timers",
        ["d"] = "Old idea",
        ["e"] = "Runbook for flaps",
        ["f"] = "Page on-call",
    };

    private const string Filtered = """
        query($filter: ActionItemFilter) {
          actionItems(filter: $filter, orderBy: ID_ASC) { totalCount edges { node { title } } }
        }
        """;

    // ---- filters: each selects exactly the items it names, and totalCount counts them ----

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task An_empty_filter_selects_every_item_that_is_not_archived(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { }, "a", "b", "c", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Statuses_select_items_currently_in_one_of_them(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { statuses = GraphQLHost.List("OPEN") }, "a", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Unassigned_selects_items_without_an_owner(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { unassigned = true }, "c", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OwnerIds_select_the_items_of_those_people(DatabaseProvider provider)
    {
        var (_, ids) = await fixture.GetAsync(provider);
        await AssertSelectsAsync(provider, new { ownerIds = new[] { Id(ids["alice"]) } }, "a");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Teams_select_the_items_of_those_teams(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { teams = GraphQLHost.List("web") }, "c");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Tags_select_items_with_one_of_them_ignoring_case(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { tags = GraphQLHost.List("NET") }, "a", "c");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task IncidentIds_given_as_numbers_select_the_items_of_those_incidents(DatabaseProvider provider)
    {
        var (_, ids) = await fixture.GetAsync(provider);
        await AssertSelectsAsync(provider, new { incidentIds = new[] { ids["first"] } }, "a", "b");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task TrackerKinds_select_items_linked_to_a_tracker_of_that_kind(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { trackerKinds = GraphQLHost.List("GITHUB") }, "b");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Linked_true_selects_items_with_a_tracker_link(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { linked = true }, "a", "b");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Linked_false_selects_items_without_a_tracker_link(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { linked = false }, "c", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Search_is_trimmed_and_matches_titles_and_descriptions_ignoring_case(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { search = "  alert " }, "a", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Search_of_several_words_matches_them_as_one_phrase(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { search = "disk alert" }, "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Search_finds_a_word_only_in_the_description(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { search = "FLAPPING" }, "c");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CreatedAfter_selects_items_created_at_or_after_the_instant(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { createdAfter = "2025-01-07T09:00:00Z" }, "c", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CreatedBefore_selects_items_created_before_the_instant(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { createdBefore = "2025-01-07T09:00:00Z" }, "a", "b");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task UpdatedAfter_selects_items_last_changed_after_the_instant(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { updatedAfter = "2025-01-11T00:00:00Z" }, "e");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task IncludeArchived_adds_the_archived_items(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { includeArchived = true }, "a", "b", "c", "d", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task Filters_combine_with_and_while_the_values_of_one_filter_combine_with_or(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { statuses = GraphQLHost.List("OPEN", "IN_PROGRESS"), priorities = GraphQLHost.List("HIGH", "LOW", "UNSET") }, "a", "c", "e", "f");

    /// <summary>The one filter test about literal parsing: the same filter written inline selects the same items.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_filter_written_as_a_literal_parses_like_the_same_filter_in_variables(DatabaseProvider provider)
    {
        var (host, ids) = await fixture.GetAsync(provider);

        var literal = (await host.PostAsync($$"""
            { actionItems(filter: {statuses: [OPEN, IN_PROGRESS], ownerIds: ["{{ids["alice"]}}"], incidentIds: [{{ids["first"]}}],
                                   tags: ["NET"], createdBefore: "2025-01-07T09:00:00Z", linked: true}, orderBy: ID_ASC)
              { edges { node { title } } } }
            """)).Ok();

        Assert.Equal([Titles["a"]], TitlesOf(literal.GetProperty("actionItems")));
    }

    // ---- openAt: answered from status history ----

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task OpenAt_before_any_item_existed_selects_nothing(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { openAt = "2025-01-01T00:00:00Z" });

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task OpenAt_selects_items_open_then_although_they_were_closed_later(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { openAt = "2025-01-07T12:00:00Z" }, "a", "b", "c", "e");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task OpenAt_leaves_out_items_resolved_or_declined_by_then(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { openAt = "2025-01-10T00:00:00Z" }, "a", "c", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task OpenAt_selects_a_reopened_item_again(DatabaseProvider provider) =>
        AssertSelectsAsync(provider, new { openAt = "2025-01-12T00:00:00Z" }, "a", "c", "e", "f");

    // ---- orderings: sorted, ties broken by id ----

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CREATED_ASC_sorts_oldest_first_with_ties_by_id(DatabaseProvider provider) =>
        AssertOrdersAsync(provider, "CREATED_ASC", "a", "b", "c", "e", "f");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task CREATED_DESC_sorts_newest_first_with_ties_by_id_descending(DatabaseProvider provider) =>
        AssertOrdersAsync(provider, "CREATED_DESC", "f", "e", "c", "b", "a");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task PRIORITY_DESC_sorts_unbreak_first_and_unset_last(DatabaseProvider provider) =>
        AssertOrdersAsync(provider, "PRIORITY_DESC", "b", "a", "f", "e", "c");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task PRIORITY_ASC_sorts_unset_first_with_ties_by_id(DatabaseProvider provider) =>
        AssertOrdersAsync(provider, "PRIORITY_ASC", "c", "e", "f", "a", "b");

    /// <summary>b was last changed at +1h (its priority), after its resolution at +3d was recorded.</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public Task UPDATED_DESC_sorts_by_the_instant_of_the_last_change(DatabaseProvider provider) =>
        AssertOrdersAsync(provider, "UPDATED_DESC", "e", "f", "c", "b", "a");

    // ---- single lookups, lists and nested fields ----

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_incident_by_id_answers_its_date_and_its_items_with_owner_and_links_to_their_target(DatabaseProvider provider)
    {
        var (host, ids) = await fixture.GetAsync(provider);

        var incident = (await host.PostAsync("""
            query($id: ID) { incident(id: $id) { slug date actionItems { items { title owner { displayName } links { remoteId syncTarget { name kind } } } } } }
            """, new { id = Id(ids["first"]) })).Ok().GetProperty("incident");

        Assert.Equal(("2025-01-05 db-outage", "2025-01-05"), (incident.GetProperty("slug").GetString(), incident.GetProperty("date").GetString()));
        var first = incident.GetProperty("actionItems").GetProperty("items")[0];
        Assert.Equal((Titles["a"], "Alice"), (first.GetProperty("title").GetString(), first.GetProperty("owner").GetProperty("displayName").GetString()));
        var link = first.GetProperty("links")[0];
        Assert.Equal(("T100", "phab", "PHABRICATOR"), (link.GetProperty("remoteId").GetString(),
            link.GetProperty("syncTarget").GetProperty("name").GetString(), link.GetProperty("syncTarget").GetProperty("kind").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_incident_by_slug_lists_its_items_without_the_archived_one(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var incident = (await host.PostAsync("query($slug: String) { incident(slug: $slug) { actionItems { items { title } } } }",
            new { slug = "2025-02-10 net-flap" })).Ok().GetProperty("incident");

        Assert.Equal([Titles["f"], Titles["e"], Titles["c"]],
            incident.GetProperty("actionItems").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_incidents_items_page_in_document_order_with_cursors_and_a_count(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);
        const string Page = """
            query($slug: String, $after: String) { incident(slug: $slug) {
              actionItems(first: 2, after: $after) { totalCount items { title } pageInfo { hasNextPage endCursor } } } }
            """;

        var first = (await host.PostAsync(Page, new { slug = "2025-02-10 net-flap", after = (string?)null })).Ok()
            .GetProperty("incident").GetProperty("actionItems");
        var cursor = first.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var second = (await host.PostAsync(Page, new { slug = "2025-02-10 net-flap", after = cursor })).Ok()
            .GetProperty("incident").GetProperty("actionItems");

        static string[] TitlesOf(System.Text.Json.JsonElement page) =>
            [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];
        // Added by hand (no place in the document), so by id: c, (d archived), e, f.
        Assert.Equal([Titles["c"], Titles["e"]], TitlesOf(first));
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal([Titles["f"]], TitlesOf(second));
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        Assert.Equal((3, 3), (first.GetProperty("totalCount").GetInt32(), second.GetProperty("totalCount").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_incident_in_a_list_gets_its_own_first_page_of_items(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var incidents = (await host.PostAsync("""
            { incidents(first: 10) { items { slug actionItems(first: 1) { totalCount items { title } pageInfo { hasNextPage } } } } }
            """)).Ok().GetProperty("incidents").GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("slug").GetString()!, i => i.GetProperty("actionItems"));

        var dbOutage = incidents["2025-01-05 db-outage"];
        Assert.Equal([Titles["a"]], dbOutage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.Equal(2, dbOutage.GetProperty("totalCount").GetInt32());
        var netFlap = incidents["2025-02-10 net-flap"];
        Assert.Equal([Titles["c"]], netFlap.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        Assert.True(netFlap.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_connections_items_shortcut_reads_the_page(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var page = (await host.PostAsync("{ actionItems(first: 2, orderBy: ID_ASC) { items { title incident { slug } } } }")).Ok()
            .GetProperty("actionItems").GetProperty("items");

        Assert.Equal([(Titles["a"], "2025-01-05 db-outage"), (Titles["b"], "2025-01-05 db-outage")], page.EnumerateArray()
            .Select(i => (i.GetProperty("title").GetString(), i.GetProperty("incident").GetProperty("slug").GetString())));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_archived_item_by_id_answers_with_its_archive_instant_incident_and_history(DatabaseProvider provider)
    {
        var (host, ids) = await fixture.GetAsync(provider);

        var item = (await host.PostAsync("query($id: ID!) { actionItem(id: $id) { title archivedAt incident { slug } history { field newValue actor origin } } }",
            new { id = Id(ids["d"]) })).Ok().GetProperty("actionItem");

        Assert.Equal(Titles["d"], item.GetProperty("title").GetString());
        Assert.Equal("2025-01-08T09:00:00Z", item.GetProperty("archivedAt").GetString());
        Assert.Equal("2025-02-10 net-flap", item.GetProperty("incident").GetProperty("slug").GetString());
        Assert.Contains(item.GetProperty("history").EnumerateArray(), h =>
            (h.GetProperty("field").GetString(), h.GetProperty("actor").GetString(), h.GetProperty("origin").GetString()) == ("archived", "seed", "LOCAL"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task People_search_matches_part_of_a_name(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var people = (await host.PostAsync("query($search: String) { people(search: $search) { totalCount edges { node { displayName phabricatorUsername } } } }",
            new { search = "ali" })).Ok().GetProperty("people");

        Assert.Equal(1, people.GetProperty("totalCount").GetInt32());
        var alice = people.GetProperty("edges")[0].GetProperty("node");
        Assert.Equal(("Alice", "alice"), (alice.GetProperty("displayName").GetString(), alice.GetProperty("phabricatorUsername").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sync_targets_are_listed_by_name_with_kind_and_base_url(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var targets = (await host.PostAsync("{ syncTargets { name kind baseUrl } }")).Ok().GetProperty("syncTargets");

        Assert.Equal([("gh", "GITHUB", "https://github.com"), ("phab", "PHABRICATOR", "https://phabricator.example.org")],
            targets.EnumerateArray().Select(t => (t.GetProperty("name").GetString(), t.GetProperty("kind").GetString(), t.GetProperty("baseUrl").GetString())));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Incidents_ordered_by_DATE_ASC_list_the_oldest_first(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var incidents = (await host.PostAsync("query($order: IncidentOrder) { incidents(orderBy: $order) { edges { node { slug } } } }",
            new { order = "DATE_ASC" })).Ok().GetProperty("incidents");

        Assert.Equal(["2025-01-05 db-outage", "2025-02-10 net-flap"],
            incidents.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("slug").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sync_targets_credential_is_not_in_the_schema(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var credential = await host.PostAsync("{ syncTargets { credentialKey } }");

        Assert.Equal(["VALIDATION"], credential.ErrorCodes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_incident_or_item_is_null_with_a_NOT_FOUND_error_and_the_rest_still_answers(DatabaseProvider provider)
    {
        var (host, ids) = await fixture.GetAsync(provider);

        var response = await host.PostAsync("""
            query($slug: String, $incident: ID, $item: ID!, $known: ID!) {
              bySlug: incident(slug: $slug) { id }
              byId: incident(id: $incident) { id }
              item: actionItem(id: $item) { id }
              known: actionItem(id: $known) { title }
            }
            """, new { slug = "nope", incident = 999999, item = "999999", known = Id(ids["a"]) });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"], response.ErrorCodes);
        var paths = response.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path")[0].GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["byId", "bySlug", "item"], paths);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("bySlug").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("byId").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("item").ValueKind);
        Assert.Equal(Titles["a"], response.Data.GetProperty("known").GetProperty("title").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_id_that_is_not_a_number_is_a_VALIDATION_error_and_the_rest_still_answers(DatabaseProvider provider)
    {
        var (host, ids) = await fixture.GetAsync(provider);

        var response = await host.PostAsync("""
            query($bad: ID!, $known: ID!) { bad: actionItem(id: $bad) { id } known: actionItem(id: $known) { title } }
            """, new { bad = "abc", known = Id(ids["a"]) });

        Assert.Equal(["VALIDATION"], response.ErrorCodes);
        Assert.Equal("bad", response.Body.GetProperty("errors")[0].GetProperty("path")[0].GetString());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("bad").ValueKind);
        Assert.Equal(Titles["a"], response.Data.GetProperty("known").GetProperty("title").GetString());
    }

    // ---- stats: grouped counts and series that follow the status history ----

    private const string Stats = """
        query($groupBy: StatsGroupBy!, $filter: ActionItemFilter) {
          actionItemStats(groupBy: $groupBy, filter: $filter) { key label count openCount }
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_by_STATUS_count_items_per_current_status(DatabaseProvider provider) =>
        Assert.Equal(new Dictionary<string, (int, int)> { ["OPEN"] = (3, 3), ["RESOLVED"] = (1, 0), ["IN_PROGRESS"] = (1, 1) },
            await GroupsAsync(provider, "STATUS"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_by_OWNER_label_groups_with_the_owners_name_and_unassigned(DatabaseProvider provider) =>
        Assert.Equal(new Dictionary<string, (int, int)> { ["(unassigned)"] = (3, 3), ["Alice"] = (1, 1), ["Bob"] = (1, 0) },
            await GroupsAsync(provider, "OWNER", "label"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_by_TEAM_key_items_without_a_team_as_null(DatabaseProvider provider) =>
        Assert.Equal(new Dictionary<string, (int, int)> { ["null"] = (3, 2), ["sre"] = (1, 1), ["web"] = (1, 1) },
            await GroupsAsync(provider, "TEAM"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_by_TAG_count_an_item_under_each_of_its_tags(DatabaseProvider provider) =>
        Assert.Equal(new Dictionary<string, (int, int)> { ["net"] = (2, 2), ["db"] = (1, 1) },
            await GroupsAsync(provider, "TAG"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_by_INCIDENT_MONTH_group_by_the_month_of_the_incident_date(DatabaseProvider provider) =>
        Assert.Equal(new Dictionary<string, (int, int)> { ["2025-01"] = (2, 1), ["2025-02"] = (3, 3) },
            await GroupsAsync(provider, "INCIDENT_MONTH"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_take_a_filter(DatabaseProvider provider) =>
        Assert.Equal(new Dictionary<string, (int, int)> { ["HIGH"] = (1, 1), ["LOW"] = (1, 1), ["UNSET"] = (1, 1) },
            await GroupsAsync(provider, "PRIORITY", filter: new { statuses = GraphQLHost.List("OPEN") }));

    /// <summary>
    /// Jan 6: a, b created; Jan 7: c, e (d is archived, so left out); Jan 8: f created, e declined;
    /// Jan 9: b resolved; Jan 11: e reopened.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Open_items_per_day_follow_creations_closes_and_reopens(DatabaseProvider provider)
    {
        var days = await OverTimeAsync(provider, "DAY", "2025-01-06T00:00:00Z", "2025-01-12T00:00:00Z");

        Assert.Equal([(2, 2, 0), (4, 2, 0), (4, 1, 1), (3, 0, 1), (3, 0, 0), (4, 1, 0)], days.Select(d => (d.Open, d.Opened, d.Closed)));
        Assert.Equal("2025-01-06T00:00:00Z", days[0].Start);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Open_items_per_week_start_on_the_monday_before_from(DatabaseProvider provider)
    {
        var weeks = await OverTimeAsync(provider, "WEEK", "2025-01-08T00:00:00Z", "2025-01-20T00:00:00Z");

        Assert.Equal(("2025-01-06T00:00:00Z", 4, 6, 2), (weeks[0].Start, weeks[0].Open, weeks[0].Opened, weeks[0].Closed));
        Assert.Equal("2025-01-13T00:00:00Z", weeks[1].Start);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Open_item_ages_put_every_open_item_in_the_oldest_bucket(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var ages = (await host.PostAsync("{ openItemAgeBuckets { label count } }")).Ok().GetProperty("openItemAgeBuckets").EnumerateArray().ToList();

        Assert.Equal(4, ages.Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(4, ages[^1].GetProperty("count").GetInt32()); // all created in 2025, "now" is later
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Time_to_resolve_measures_from_creation_to_resolution(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var resolve = (await host.PostAsync("{ timeToResolve { count medianHours p90Hours } }")).Ok().GetProperty("timeToResolve");

        Assert.Equal(1, resolve.GetProperty("count").GetInt32());
        Assert.Equal(71.0, resolve.GetProperty("medianHours").GetDouble(), 3);
    }

    private async Task AssertSelectsAsync(DatabaseProvider provider, object filter, params string[] expected)
    {
        var host = await fixture.HostAsync(provider);

        var connection = (await host.PostAsync(Filtered, new { filter })).Ok().GetProperty("actionItems");

        Assert.Equal(expected.Select(k => Titles[k]), TitlesOf(connection));
        Assert.Equal(expected.Length, connection.GetProperty("totalCount").GetInt32());
    }

    private async Task AssertOrdersAsync(DatabaseProvider provider, string order, params string[] expected)
    {
        var host = await fixture.HostAsync(provider);

        var connection = (await host.PostAsync("query($order: ActionItemOrder) { actionItems(orderBy: $order) { edges { node { title } } } }",
            new { order })).Ok().GetProperty("actionItems");

        Assert.Equal(expected.Select(k => Titles[k]), TitlesOf(connection));
    }

    /// <summary>Per group key (or label): (count, openCount).</summary>
    private async Task<Dictionary<string, (int, int)>> GroupsAsync(DatabaseProvider provider, string groupBy, string key = "key", object? filter = null)
    {
        var host = await fixture.HostAsync(provider);
        var groups = (await host.PostAsync(Stats, new { groupBy, filter })).Ok().GetProperty("actionItemStats");
        return groups.EnumerateArray().ToDictionary(g => g.GetProperty(key).GetString() ?? "null",
            g => (g.GetProperty("count").GetInt32(), g.GetProperty("openCount").GetInt32()));
    }

    private async Task<List<(string Start, int Open, int Opened, int Closed)>> OverTimeAsync(DatabaseProvider provider, string interval, string from, string to)
    {
        var host = await fixture.HostAsync(provider);
        var points = (await host.PostAsync("""
            query($interval: TimeInterval!, $from: DateTime!, $to: DateTime!) {
              openItemsOverTime(interval: $interval, from: $from, to: $to) { start open opened closed }
            }
            """, new { interval, from, to })).Ok().GetProperty("openItemsOverTime");
        return [.. points.EnumerateArray().Select(p => (p.GetProperty("start").GetString()!,
            p.GetProperty("open").GetInt32(), p.GetProperty("opened").GetInt32(), p.GetProperty("closed").GetInt32()))];
    }

    private static List<string> TitlesOf(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("title").GetString()!)];

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
