using System.Net;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.GraphQL;

[Collection(HostCollection.Name)]
public class MutationTests
{
    private static async Task<(long Incident, long Person, long Target)> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("2025-01-05 db-outage");
        var person = data.Person("Alice", "alice");
        var target = data.Target("phab", TrackerKind.Phabricator);
        await data.SaveAsync();
        return (incident.Id, person.Id, target.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Item_mutations_change_the_item_and_record_local_history_by_the_caller(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var (incident, person, target) = await SeedAsync(host.Database);
        const string fields = "actionItem { id version title status team priority tags dueDate owner { displayName } archivedAt } errors { code message field }";

        var created = (await host.PostAsync($$"""mutation { createActionItem(input: {incidentId: {{incident}}, title: " Add  alert ", tags: ["DB"], priority: HIGH}) { {{fields}} } }""", role: "triager"))
            .Ok().GetProperty("createActionItem").GetProperty("actionItem");
        var id = created.GetProperty("id").GetString();
        Assert.Equal("Add alert", created.GetProperty("title").GetString());
        Assert.Equal(1, created.GetProperty("version").GetInt32());

        var updated = (await host.PostAsync($$"""mutation { updateActionItem(input: {id: "{{id}}", version: 1, team: "sre", ownerId: {{person}}, dueDate: "2025-03-01", status: IN_PROGRESS}) { {{fields}} } }""", role: "triager"))
            .Ok().GetProperty("updateActionItem").GetProperty("actionItem");
        Assert.Equal(("sre", "Alice", "IN_PROGRESS", "2025-03-01", 2), (updated.GetProperty("team").GetString(), updated.GetProperty("owner").GetProperty("displayName").GetString(),
            updated.GetProperty("status").GetString(), updated.GetProperty("dueDate").GetString(), updated.GetProperty("version").GetInt32()));

        var cleared = (await host.PostAsync($$"""mutation { updateActionItem(input: {id: "{{id}}", version: 2, ownerId: null}) { {{fields}} } }""", role: "triager"))
            .Ok().GetProperty("updateActionItem").GetProperty("actionItem");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("owner").ValueKind);
        Assert.Equal("sre", cleared.GetProperty("team").GetString()); // left out = unchanged

        (await host.PostAsync($$"""mutation { setActionItemStatus(id: "{{id}}", status: RESOLVED) { {{fields}} } }""", role: "triager")).Ok();
        var assigned = (await host.PostAsync($$"""mutation { assignActionItems(input: {ids: ["{{id}}"], ownerId: "{{person}}", priority: LOW}) { actionItems { owner { displayName } priority } errors { code } } }""", role: "triager"))
            .Ok().GetProperty("assignActionItems");
        Assert.Equal("LOW", assigned.GetProperty("actionItems")[0].GetProperty("priority").GetString());

        var link = (await host.PostAsync($$"""mutation { linkTrackerTask(input: {actionItemId: "{{id}}", syncTargetId: "{{target}}", remoteId: "T123"}) { link { id remoteId remoteUrl } errors { code } } }""", role: "triager"))
            .Ok().GetProperty("linkTrackerTask").GetProperty("link");
        Assert.Equal("https://phabricator.example.org/T123", link.GetProperty("remoteUrl").GetString());
        var again = (await host.PostAsync($$"""mutation { linkTrackerTask(input: {actionItemId: "{{id}}", syncTargetId: "{{target}}", remoteId: "T124"}) { errors { code field } } }""", role: "triager"))
            .Ok().GetProperty("linkTrackerTask").GetProperty("errors")[0];
        Assert.Equal("CONFLICT", again.GetProperty("code").GetString());
        var badKey = (await host.PostAsync($$"""mutation { linkTrackerTask(input: {actionItemId: "{{id}}", syncTargetId: "{{target}}", remoteId: "org/repo#1"}) { errors { code field } } }""", role: "triager"))
            .Ok().GetProperty("linkTrackerTask").GetProperty("errors")[0];
        Assert.Equal("VALIDATION", badKey.GetProperty("code").GetString());
        var unlinked = (await host.PostAsync($$"""mutation { unlinkTrackerTask(linkId: "{{link.GetProperty("id").GetString()}}") { actionItem { links { id } } errors { code } } }""", role: "triager"))
            .Ok().GetProperty("unlinkTrackerTask");
        Assert.Equal(0, unlinked.GetProperty("actionItem").GetProperty("links").GetArrayLength());

        var archived = (await host.PostAsync($$"""mutation { archiveActionItem(id: "{{id}}") { {{fields}} } }""", role: "triager"))
            .Ok().GetProperty("archiveActionItem").GetProperty("actionItem");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, archived.GetProperty("archivedAt").ValueKind);

        var missing = (await host.PostAsync("""mutation { setActionItemStatus(id: "999999", status: OPEN) { errors { code field } } }""", role: "triager"))
            .Ok().GetProperty("setActionItemStatus").GetProperty("errors")[0];
        Assert.Equal("NOT_FOUND", missing.GetProperty("code").GetString());
        var blank = (await host.PostAsync($$"""mutation { createActionItem(input: {incidentId: {{incident}}, title: "   "}) { errors { code field } } }""", role: "triager"))
            .Ok().GetProperty("createActionItem").GetProperty("errors")[0];
        Assert.Equal(("VALIDATION", "title"), (blank.GetProperty("code").GetString(), blank.GetProperty("field").GetString()));

        await using var db = host.Database.CreateContext();
        var history = await db.ActionItemHistory.Where(h => h.ActionItemId == long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture)).ToListAsync();
        Assert.All(history, h => Assert.Equal(("token:test-triager", ChangeOrigin.Local), (h.Actor, h.Origin)));
        Assert.Equal(["title", "status", "priority", "tags", "status", "owner", "team", "dueDate", "owner", "status", "owner", "priority",
                "trackerLink", "trackerLink", "archived"],
            history.OrderBy(h => h.Id).Select(h => h.Field));
        // Linking and unlinking name the task; the refused link attempts left no trace.
        Assert.Equal([(null, "phab:T123"), ("phab:T123", null)],
            history.Where(h => h.Field == HistoryFields.TrackerLink).OrderBy(h => h.Id).Select(h => (h.OldValue, h.NewValue)));
        Assert.True(await db.OutboxMessages.CountAsync() >= 6);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_concurrent_updates_with_the_same_version_let_exactly_one_win(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var (incident, _, _) = await SeedAsync(host.Database);
        var id = (await host.PostAsync($$"""mutation { createActionItem(input: {incidentId: {{incident}}, title: "race"}) { actionItem { id } } }""", role: "triager"))
            .Ok().GetProperty("createActionItem").GetProperty("actionItem").GetProperty("id").GetString();

        for (var round = 1; round <= 3; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(n => host.PostAsync(
                $$"""mutation { updateActionItem(input: {id: "{{id}}", version: {{round}}, title: "writer {{n}} round {{round}}"}) { actionItem { version title } errors { code } } }""",
                role: "triager")));
            var payloads = results.Select(r => r.Ok().GetProperty("updateActionItem")).ToList();
            Assert.Single(payloads, p => p.GetProperty("errors").GetArrayLength() == 0);
            var loser = Assert.Single(payloads, p => p.GetProperty("errors").GetArrayLength() == 1);
            Assert.Equal("CONFLICT", loser.GetProperty("errors")[0].GetProperty("code").GetString());
            // The conflict carries the current item: the winner's write.
            Assert.Equal(round + 1, loser.GetProperty("actionItem").GetProperty("version").GetInt32());
        }
    }

    [Fact]
    public async Task People_are_managed_by_admins_and_tracker_accounts_stay_unique()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres);
        await SeedAsync(host.Database);

        var created = (await host.PostAsync("""mutation { createPerson(input: {displayName: "Bob", gitHubLogin: "bob"}) { person { id displayName gitHubLogin } errors { code } } }""", role: "admin"))
            .Ok().GetProperty("createPerson").GetProperty("person");
        var updated = (await host.PostAsync($$"""mutation { updatePerson(input: {id: "{{created.GetProperty("id").GetString()}}", email: "bob@example.org"}) { person { email gitHubLogin } } }""", role: "admin"))
            .Ok().GetProperty("updatePerson").GetProperty("person");
        var clash = (await host.PostAsync("""mutation { createPerson(input: {displayName: "Other", phabricatorUsername: "alice"}) { person { id } errors { code } } }""", role: "admin"))
            .Ok().GetProperty("createPerson").GetProperty("errors")[0];
        var asTriager = await host.PostAsync("""mutation { createPerson(input: {displayName: "X"}) { person { id } } }""", role: "triager");

        Assert.Equal(("bob@example.org", "bob"), (updated.GetProperty("email").GetString(), updated.GetProperty("gitHubLogin").GetString()));
        Assert.Equal("CONFLICT", clash.GetProperty("code").GetString());
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (asTriager.Status, asTriager.ErrorCodes.Single()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Preview_writes_nothing_and_import_stores_the_postmortem(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var text = await File.ReadAllTextAsync(Seeds.Files[0]);
        var variables = new { input = new { text, sourceUrl = "https://wikitech.example.org/wiki/Incidents/x" } };

        var preview = (await host.PostAsync("mutation($input: PostmortemInput!) { previewPostmortem(input: $input) { preview { format incident { title } actionables { ordinal title references { key } } warnings } errors { code } } }",
            variables, role: "viewer")).Ok().GetProperty("previewPostmortem").GetProperty("preview");
        await using (var db = host.Database.CreateContext())
        {
            Assert.Equal(0, await db.Incidents.CountAsync());
        }
        var imported = (await host.PostAsync("mutation($input: PostmortemInput!) { importPostmortem(input: $input) { incidentCreated added incident { slug actionItems { title history { actor origin } } } errors { code } } }",
            variables, role: "triager")).Ok().GetProperty("importPostmortem");
        var notAPostmortem = (await host.PostAsync("mutation { importPostmortem(input: {text: \"hello\"}) { errors { code message } } }", role: "triager"))
            .Ok().GetProperty("importPostmortem").GetProperty("errors");

        var count = preview.GetProperty("actionables").GetArrayLength();
        Assert.True(count > 0);
        Assert.True(imported.GetProperty("incidentCreated").GetBoolean());
        Assert.Equal(count, imported.GetProperty("added").GetInt32());
        var items = imported.GetProperty("incident").GetProperty("actionItems");
        Assert.Equal(count, items.GetArrayLength());
        Assert.Equal(("token:test-triager", "IMPORT"), (items[0].GetProperty("history")[0].GetProperty("actor").GetString(), items[0].GetProperty("history")[0].GetProperty("origin").GetString()));
        Assert.NotEqual(0, notAPostmortem.GetArrayLength());
    }
}
