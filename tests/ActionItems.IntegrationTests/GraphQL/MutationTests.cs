using System.Globalization;
using System.Net;
using System.Text.Json;
using ActionItems.Api.Hosting;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Import;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// What the mutation adapters do: arguments reach the use case (left out vs null, ids, enums, dates, lists), results
/// become payloads (the object, or <c>errors { code message field }</c>), nested payload fields see the change, and
/// history names the caller's token. Every validation branch of the use cases is tested directly in
/// Application/ActionItemServiceTests.cs, Application/PeopleServiceTests.cs and Application/PostmortemImportTests.cs.
/// Each test writes, so each has its own host.
/// </summary>
[Collection(HostCollection.Name)]
public class MutationTests
{
    private const string Caller = "token:test-triager";
    private const string ItemFields = "id version title description status team priority tags dueDate owner { displayName } archivedAt";

    private sealed record Seeded(string Incident, string Alice, string Bob, string Target, string Item);

    /// <summary>An incident with one item ("Existing", version 1), Alice, Bob and a Phabricator target; ids as the API writes them.</summary>
    private static async Task<Seeded> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("2025-01-05 db-outage");
        var alice = data.Person("Alice", "alice");
        var bob = data.Person("Bob");
        var target = data.Target("phab", TrackerKind.Phabricator);
        await data.SaveAsync();
        var item = data.Item(incident, "Existing", TestData.T0);
        await data.SaveAsync();
        return new Seeded(Id(incident.Id), Id(alice.Id), Id(bob.Id), Id(target.Id), Id(item.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Create_passes_every_input_field_to_the_use_case_and_answers_the_stored_item(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        var payload = (await host.PostAsync($$"""
            mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { {{ItemFields}} } errors { code message field } } }
            """, new
        {
            input = new
            {
                incidentId = ids.Incident, title = " Add  alert ", description = "for the replica", status = "IN_PROGRESS", priority = "HIGH",
                ownerId = ids.Alice, team = "sre", dueDate = "2025-03-01", tags = GraphQLHost.List("DB", "net"),
            },
        }, role: "triager")).Ok().GetProperty("createActionItem");

        Assert.Equal(0, payload.GetProperty("errors").GetArrayLength());
        var item = payload.GetProperty("actionItem");
        Assert.Equal(("Add alert", "for the replica", "IN_PROGRESS", "HIGH", "Alice", "sre", "2025-03-01", 1),
            (item.GetProperty("title").GetString(), item.GetProperty("description").GetString(), item.GetProperty("status").GetString(),
             item.GetProperty("priority").GetString(), item.GetProperty("owner").GetProperty("displayName").GetString(),
             item.GetProperty("team").GetString(), item.GetProperty("dueDate").GetString(), item.GetProperty("version").GetInt32()));
        Assert.Equal(["db", "net"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        await AssertHistoryByCallerAsync(host, item.GetProperty("id").GetString()!,
            "title", "status", "priority", "owner", "team", "dueDate", "tags");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_changes_the_fields_given_clears_those_given_as_null_and_leaves_out_the_rest(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);
        const string Update = $$"""
            mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { {{ItemFields}} } errors { code message field } } }
            """;

        var set = (await host.PostAsync(Update, new
        {
            input = new { id = ids.Item, version = 1, ownerId = ids.Alice, team = "sre", dueDate = "2025-03-01", priority = "LOW", status = "IN_PROGRESS", tags = GraphQLHost.List("db") },
        }, role: "triager")).Ok().GetProperty("updateActionItem").GetProperty("actionItem");
        var cleared = (await host.PostAsync(Update, new
        {
            input = new { id = ids.Item, version = 2, ownerId = (string?)null, dueDate = (string?)null },
        }, role: "triager")).Ok().GetProperty("updateActionItem").GetProperty("actionItem");

        Assert.Equal(("Alice", "sre", "2025-03-01", 2), (set.GetProperty("owner").GetProperty("displayName").GetString(), set.GetProperty("team").GetString(),
            set.GetProperty("dueDate").GetString(), set.GetProperty("version").GetInt32()));
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, 3), (cleared.GetProperty("owner").ValueKind, cleared.GetProperty("dueDate").ValueKind,
            cleared.GetProperty("version").GetInt32()));
        Assert.Equal(("Existing", "sre", "LOW", "IN_PROGRESS"), (cleared.GetProperty("title").GetString(), cleared.GetProperty("team").GetString(),
            cleared.GetProperty("priority").GetString(), cleared.GetProperty("status").GetString()));
        Assert.Equal(["db"], cleared.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        await AssertHistoryByCallerAsync(host, ids.Item, "owner", "team", "dueDate", "priority", "status", "tags", "owner", "dueDate");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_version_answers_CONFLICT_on_the_version_with_the_current_item(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);
        (await host.PostAsync("mutation($id: ID!) { setActionItemStatus(id: $id, status: RESOLVED) { errors { code } } }", new { id = ids.Item }, role: "triager")).Ok();

        var payload = (await host.PostAsync("""
            mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { version status team } errors { code message field } } }
            """, new { input = new { id = ids.Item, version = 1, team = "dba" } }, role: "triager")).Ok().GetProperty("updateActionItem");

        AssertOnlyError(payload, "CONFLICT", "version", null);
        var current = payload.GetProperty("actionItem");
        Assert.Equal((2, "RESOLVED", JsonValueKind.Null), (current.GetProperty("version").GetInt32(), current.GetProperty("status").GetString(), current.GetProperty("team").ValueKind));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_concurrent_updates_with_the_same_version_let_exactly_one_win(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        for (var round = 1; round <= 3; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(n => host.PostAsync("""
                mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { version title } errors { code } } }
                """, new { input = new { id = ids.Item, version = round, title = $"writer {n} round {round}" } }, role: "triager")));
            var payloads = results.Select(r => r.Ok().GetProperty("updateActionItem")).ToList();
            var winner = Assert.Single(payloads, p => p.GetProperty("errors").GetArrayLength() == 0);
            var loser = Assert.Single(payloads, p => p.GetProperty("errors").GetArrayLength() == 1);
            Assert.Equal("CONFLICT", loser.GetProperty("errors")[0].GetProperty("code").GetString());
            // The conflict carries the current item: the winner's write.
            Assert.Equal(round + 1, loser.GetProperty("actionItem").GetProperty("version").GetInt32());
            Assert.Equal(winner.GetProperty("actionItem").GetProperty("title").GetString(), loser.GetProperty("actionItem").GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task Set_status_passes_the_enum_and_the_optional_version()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        var ids = await SeedAsync(host.Database);
        const string SetStatus = """
            mutation($id: ID!, $status: ActionItemStatus!, $version: Int) {
              setActionItemStatus(id: $id, status: $status, version: $version) { actionItem { status version } errors { code field } }
            }
            """;

        var stale = (await host.PostAsync(SetStatus, new { id = ids.Item, status = "STALLED", version = 7 }, role: "triager")).Ok().GetProperty("setActionItemStatus");
        var unchecked_ = (await host.PostAsync(SetStatus, new { id = ids.Item, status = "STALLED" }, role: "triager")).Ok().GetProperty("setActionItemStatus");

        Assert.Equal("CONFLICT", stale.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("OPEN", stale.GetProperty("actionItem").GetProperty("status").GetString());
        Assert.Equal(0, unchecked_.GetProperty("errors").GetArrayLength());
        Assert.Equal(("STALLED", 2), (unchecked_.GetProperty("actionItem").GetProperty("status").GetString(), unchecked_.GetProperty("actionItem").GetProperty("version").GetInt32()));
        await AssertHistoryByCallerAsync(host, ids.Item, "status");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assign_passes_the_id_list_and_changes_only_what_is_given_on_every_item(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);
        var second = (await host.PostAsync("mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id } } }",
            new { input = new { incidentId = ids.Incident, title = "Second", team = "web" } }, role: "triager"))
            .Ok().GetProperty("createActionItem").GetProperty("actionItem").GetProperty("id").GetString()!;

        var assigned = (await host.PostAsync("""
            mutation($input: AssignActionItemsInput!) { assignActionItems(input: $input) { actionItems { id owner { displayName } team priority } errors { code } } }
            """, new { input = new { ids = new[] { ids.Item, second }, ownerId = ids.Bob, priority = "LOW" } }, role: "triager")).Ok().GetProperty("assignActionItems");

        Assert.Equal(0, assigned.GetProperty("errors").GetArrayLength());
        Assert.Equal([(ids.Item, "Bob", (string?)null, "LOW"), (second, "Bob", "web", "LOW")], assigned.GetProperty("actionItems").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetString(), i.GetProperty("owner").GetProperty("displayName").GetString(), i.GetProperty("team").GetString(), i.GetProperty("priority").GetString()))
            .OrderBy(i => i.Item1 == second));
        await AssertHistoryByCallerAsync(host, ids.Item, "owner", "priority");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Link_and_unlink_answer_the_link_and_the_item_as_it_is_after_the_change(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        var linked = (await host.PostAsync("""
            mutation($input: LinkTrackerTaskInput!) {
              linkTrackerTask(input: $input) { link { id remoteId remoteUrl } actionItem { links { remoteId } } errors { code } }
            }
            """, new { input = new { actionItemId = ids.Item, syncTargetId = ids.Target, remoteId = "T123" } }, role: "triager")).Ok().GetProperty("linkTrackerTask");
        var link = linked.GetProperty("link");
        var unlinked = (await host.PostAsync("mutation($id: ID!) { unlinkTrackerTask(linkId: $id) { actionItem { links { id } } errors { code } } }",
            new { id = link.GetProperty("id").GetString() }, role: "triager")).Ok().GetProperty("unlinkTrackerTask");

        Assert.Equal(("T123", "https://phabricator.example.org/T123"), (link.GetProperty("remoteId").GetString(), link.GetProperty("remoteUrl").GetString()));
        Assert.Equal(["T123"], linked.GetProperty("actionItem").GetProperty("links").EnumerateArray().Select(l => l.GetProperty("remoteId").GetString()));
        Assert.Equal(0, unlinked.GetProperty("errors").GetArrayLength());
        Assert.Equal(0, unlinked.GetProperty("actionItem").GetProperty("links").GetArrayLength());
        await AssertHistoryByCallerAsync(host, ids.Item, "trackerLink", "trackerLink");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Archive_answers_the_item_with_its_archive_instant(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        var archived = (await host.PostAsync("mutation($id: ID!) { archiveActionItem(id: $id) { actionItem { id archivedAt } errors { code } } }",
            new { id = ids.Item }, role: "triager")).Ok().GetProperty("archiveActionItem").GetProperty("actionItem");

        Assert.Equal(ids.Item, archived.GetProperty("id").GetString());
        Assert.NotEqual(JsonValueKind.Null, archived.GetProperty("archivedAt").ValueKind);
        await AssertHistoryByCallerAsync(host, ids.Item, "archived");
    }

    /// <summary>
    /// Mutations in one request run in order, each payload complete before the next mutation: an earlier payload shows
    /// the state its own mutation left (the owner before the rename), the last one what the earlier ones changed (the
    /// new owner renamed, the incident's new item).
    /// </summary>
    [Fact]
    public async Task Mutations_in_one_request_run_in_order_and_a_later_payload_shows_the_earlier_changes()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        var data = (await host.PostAsync("""
            mutation($item: ID!, $alice: ID!, $incident: ID!, $name: String, $title: String!, $status: ActionItemStatus!) {
              assign: updateActionItem(input: {id: $item, version: 1, ownerId: $alice}) { actionItem { owner { displayName } } errors { code } }
              rename: updatePerson(input: {id: $alice, displayName: $name}) { errors { code } }
              created: createActionItem(input: {incidentId: $incident, title: $title}) { errors { code } }
              after: setActionItemStatus(id: $item, status: $status, version: 2) {
                actionItem { status version owner { displayName } incident { actionItems { items { title } } } } errors { code }
              }
            }
            """, new { item = ids.Item, alice = ids.Alice, incident = ids.Incident, name = "Alice Liddell", title = "Second", status = "RESOLVED" }, role: "admin")).Ok();

        Assert.All(data.EnumerateObject(), field => Assert.Equal(0, field.Value.GetProperty("errors").GetArrayLength()));
        Assert.Equal("Alice", data.GetProperty("assign").GetProperty("actionItem").GetProperty("owner").GetProperty("displayName").GetString());
        var after = data.GetProperty("after").GetProperty("actionItem");
        Assert.Equal(("RESOLVED", 3, "Alice Liddell"), (after.GetProperty("status").GetString(), after.GetProperty("version").GetInt32(),
            after.GetProperty("owner").GetProperty("displayName").GetString()));
        Assert.Equal(["Existing", "Second"], after.GetProperty("incident").GetProperty("actionItems").GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("title").GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_item_answers_NOT_FOUND_on_the_id_field(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        await SeedAsync(host.Database);

        var payload = (await host.PostAsync("mutation($id: ID!) { setActionItemStatus(id: $id, status: OPEN) { actionItem { id } errors { code message field } } }",
            new { id = "999999" }, role: "triager")).Ok().GetProperty("setActionItemStatus");

        AssertOnlyError(payload, "NOT_FOUND", "id", "actionItem");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_input_answers_VALIDATION_on_the_field_and_no_item(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        var payload = (await host.PostAsync("mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id } errors { code message field } } }",
            new { input = new { incidentId = ids.Incident, title = "   " } }, role: "triager")).Ok().GetProperty("createActionItem");

        AssertOnlyError(payload, "VALIDATION", "title", "actionItem");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_id_argument_that_is_not_a_number_is_a_VALIDATION_error_and_changes_nothing(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var ids = await SeedAsync(host.Database);

        var argument = await host.PostAsync("mutation($id: ID!) { archiveActionItem(id: $id) { actionItem { id } } }", new { id = "abc" }, role: "triager");
        var inInput = await host.PostAsync("mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } } }",
            new { input = new { id = ids.Item, version = 1, ownerId = "abc" } }, role: "triager");
        var inList = await host.PostAsync("mutation($input: AssignActionItemsInput!) { assignActionItems(input: $input) { actionItems { id } } }",
            new { input = new { ids = new[] { ids.Item, "abc" }, team = "sre" } }, role: "triager");

        Assert.Equal(["VALIDATION"], argument.ErrorCodes);
        Assert.Equal(["VALIDATION"], inInput.ErrorCodes);
        Assert.Equal(["VALIDATION"], inList.ErrorCodes);
        await using var db = host.Database.CreateContext();
        var item = await db.ActionItems.SingleAsync();
        Assert.Equal((null, null, null, 1L), (item.ArchivedAt, item.OwnerId, item.Team, item.Version));
    }

    [Fact]
    public async Task Person_mutations_pass_the_fields_given_and_answer_CONFLICT_for_a_taken_account()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres, HostRole.Api);
        await SeedAsync(host.Database);

        var created = (await host.PostAsync("mutation($input: PersonInput!) { createPerson(input: $input) { person { id displayName gitHubLogin } errors { code } } }",
            new { input = new { displayName = "Carol", gitHubLogin = "carol" } }, role: "admin")).Ok().GetProperty("createPerson").GetProperty("person");
        var updated = (await host.PostAsync("mutation($input: PersonInput!) { updatePerson(input: $input) { person { displayName email gitHubLogin } } }",
            new { input = new { id = created.GetProperty("id").GetString(), email = "carol@example.org" } }, role: "admin")).Ok().GetProperty("updatePerson").GetProperty("person");
        var clash = (await host.PostAsync("mutation($input: PersonInput!) { createPerson(input: $input) { person { id } errors { code field } } }",
            new { input = new { displayName = "Other", phabricatorUsername = "alice" } }, role: "admin")).Ok().GetProperty("createPerson");

        Assert.Equal(("Carol", "carol"), (created.GetProperty("displayName").GetString(), created.GetProperty("gitHubLogin").GetString()));
        Assert.Equal(("Carol", "carol@example.org", "carol"), (updated.GetProperty("displayName").GetString(), updated.GetProperty("email").GetString(),
            updated.GetProperty("gitHubLogin").GetString()));
        Assert.Equal("CONFLICT", clash.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, clash.GetProperty("person").ValueKind);
    }

    /// <summary>updatePerson shares its input type with createPerson, so the adapter itself refuses an update without an id.</summary>
    [Fact]
    public async Task UpdatePerson_without_an_id_answers_VALIDATION_on_the_id_field()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);

        var payload = (await host.PostAsync("mutation($input: PersonInput!) { updatePerson(input: $input) { person { id } errors { code message field } } }",
            new { input = new { displayName = "Nobody" } }, role: "admin")).Ok().GetProperty("updatePerson");

        AssertOnlyError(payload, "VALIDATION", "id", "person");
    }

    [Fact]
    public async Task A_use_case_a_role_may_not_call_is_a_FORBIDDEN_request_error()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);

        // Editing people is for admins (triagers may only create them, when assigning).
        var asTriager = await host.PostAsync("mutation($input: PersonInput!) { updatePerson(input: $input) { person { id } } }",
            new { input = new { id = "1", displayName = "X" } }, role: "triager");

        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (asTriager.Status, asTriager.ErrorCodes.Single()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Preview_writes_nothing_and_import_stores_the_postmortem_with_import_history_by_the_caller(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var text = await File.ReadAllTextAsync(Seeds.Files[0]);
        var variables = new { input = new { text, sourceUrl = "https://wikitech.example.org/wiki/Incidents/x" } };

        var preview = (await host.PostAsync("mutation($input: PostmortemInput!) { previewPostmortem(input: $input) { preview { format incident { title } actionables { ordinal title references { key } } warnings } errors { code } } }",
            variables, role: "viewer")).Ok().GetProperty("previewPostmortem").GetProperty("preview");
        await using (var db = host.Database.CreateContext())
        {
            Assert.Equal(0, await db.Incidents.CountAsync());
        }
        var imported = (await host.PostAsync("mutation($input: PostmortemInput!) { importPostmortem(input: $input) { incidentCreated added incident { slug actionItems { items { title history { actor origin } } } } errors { code } } }",
            variables, role: "triager")).Ok().GetProperty("importPostmortem");

        var count = preview.GetProperty("actionables").GetArrayLength();
        Assert.True(count > 0);
        Assert.True(imported.GetProperty("incidentCreated").GetBoolean());
        Assert.Equal(count, imported.GetProperty("added").GetInt32());
        var items = imported.GetProperty("incident").GetProperty("actionItems").GetProperty("items");
        Assert.Equal(count, items.GetArrayLength());
        Assert.All(items.EnumerateArray().SelectMany(i => i.GetProperty("history").EnumerateArray()),
            h => Assert.Equal((Caller, "IMPORT"), (h.GetProperty("actor").GetString(), h.GetProperty("origin").GetString())));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_text_that_is_not_a_postmortem_answers_VALIDATION_on_the_text(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);

        var payload = (await host.PostAsync("mutation($input: PostmortemInput!) { importPostmortem(input: $input) { incident { id } errors { code message field } } }",
            new { input = new { text = "hello" } }, role: "triager")).Ok().GetProperty("importPostmortem");

        AssertOnlyError(payload, "VALIDATION", "text", "incident");
    }

    [Fact]
    public async Task A_document_the_database_refuses_answers_IMPORT_FAILED_and_stores_nothing()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        await ImportRobustnessTests.RefuseTimelineEntriesAsync(host.Database);

        var payload = (await host.PostAsync("mutation($input: PostmortemInput!) { importPostmortem(input: $input) { incident { id } errors { code message } } }",
            new { input = new { text = ImportRobustnessTests.Postmortem("2025-07-02 refused", "- 10:00 this entry is refused") } }, role: "triager"))
            .Ok().GetProperty("importPostmortem");

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal("IMPORT_FAILED", error.GetProperty("code").GetString());
        Assert.Contains("timeline entry refused by a test trigger", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("incident").ValueKind);
        await using var db = host.Database.CreateContext();
        Assert.Equal((0, 0), (await db.Incidents.CountAsync(), await db.ActionItems.CountAsync()));
    }

    /// <summary>The request limit is raised so the text reaches the use case, which refuses it as too long.</summary>
    [Fact]
    public async Task A_document_over_the_size_limit_answers_PARSE_ERROR_on_the_text()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api, "--GraphQL:MaxRequestBytes=3000000");

        var payload = (await host.PostAsync("mutation($input: PostmortemInput!) { previewPostmortem(input: $input) { preview { format } errors { code message field } } }",
            new { input = new { text = new string('x', PostmortemImport.MaxDocumentChars + 1) } }, role: "viewer"))
            .Ok().GetProperty("previewPostmortem");

        AssertOnlyError(payload, "PARSE_ERROR", "text", "preview");
    }

    /// <summary>The payload holds exactly this error, with a message, and (when <paramref name="objectField"/> is given) no object.</summary>
    private static void AssertOnlyError(JsonElement payload, string code, string field, string? objectField)
    {
        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal((code, field), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (objectField is not null)
        {
            Assert.Equal(JsonValueKind.Null, payload.GetProperty(objectField).ValueKind);
        }
    }

    /// <summary>The item's history since seeding holds exactly these fields (in any order), each changed by the calling token with origin LOCAL.</summary>
    private static async Task AssertHistoryByCallerAsync(GraphQLHost host, string itemId, params string[] fields)
    {
        await using var db = host.Database.CreateContext();
        var id = long.Parse(itemId, CultureInfo.InvariantCulture);
        var history = await db.ActionItemHistory.Where(h => h.ActionItemId == id && h.Actor != "seed").OrderBy(h => h.Id).ToListAsync();
        Assert.Equal(fields.Order(StringComparer.Ordinal), history.Select(h => h.Field).Order(StringComparer.Ordinal));
        Assert.All(history, h => Assert.Equal((Caller, ChangeOrigin.Local), (h.Actor, h.Origin)));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
