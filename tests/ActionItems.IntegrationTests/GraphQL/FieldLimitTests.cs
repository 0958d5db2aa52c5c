using System.Globalization;
using System.Text.Json;
using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// issue 13: every text a user sets through a mutation is checked against <see cref="FieldLimits"/> before anything is
/// written, so an over-long or malformed value answers VALIDATION naming its field on both providers (PostgreSQL used to
/// answer INTERNAL from its column size, SQLite stored any length) and the stored data is untouched.
/// </summary>
[Collection(HostCollection.Name)]
public class FieldLimitTests
{
    private const string Create = "mutation($input: CreateActionItemInput!) { createActionItem(input: $input) { actionItem { id } errors { code message field } } }";
    private const string Update = "mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } errors { code message field } } }";
    private const string Assign = "mutation($input: AssignActionItemsInput!) { assignActionItems(input: $input) { actionItems { id } errors { code message field } } }";
    private const string Link = "mutation($input: LinkTrackerTaskInput!) { linkTrackerTask(input: $input) { link { id } errors { code message field } } }";
    private const string CreatePerson = "mutation($input: PersonInput!) { createPerson(input: $input) { person { id } errors { code message field } } }";
    private const string UpdatePerson = "mutation($input: PersonInput!) { updatePerson(input: $input) { person { id } errors { code message field } } }";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Item_fields_over_their_limits_answer_VALIDATION_on_the_field_and_change_nothing(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var (incident, item, _, target) = await SeedAsync(host.Database);
        var tooManyTags = Enumerable.Range(0, FieldLimits.TagsPerItem + 1).Select(i => $"tag{i}").ToArray();

        var refusals = new (string Mutation, object Input, string Name, string Field)[]
        {
            (Create, new { incidentId = incident, title = new string('t', FieldLimits.ItemTitle + 1) }, "createActionItem", "title"),
            (Create, new { incidentId = incident, title = "ok", team = new string('t', 5_000) }, "createActionItem", "team"),
            (Update, new { id = item, version = 1, title = new string('t', FieldLimits.ItemTitle + 1) }, "updateActionItem", "title"),
            (Update, new { id = item, version = 1, team = new string('t', FieldLimits.ItemTeam + 1) }, "updateActionItem", "team"),
            (Update, new { id = item, version = 1, description = new string('d', FieldLimits.ItemDescription + 1) }, "updateActionItem", "description"),
            (Update, new { id = item, version = 1, tags = tooManyTags }, "updateActionItem", "tags"),
            (Update, new { id = item, version = 1, tags = GraphQLHost.List("ok", new string('x', FieldLimits.Tag + 1)) }, "updateActionItem", "tags"),
            (Update, new { id = item, version = 1, dueDate = "3025-01-01" }, "updateActionItem", "dueDate"),
            (Update, new { id = item, version = 1, dueDate = "0001-01-01" }, "updateActionItem", "dueDate"),
            (Assign, new { ids = new[] { item }, team = new string('t', FieldLimits.ItemTeam + 1) }, "assignActionItems", "team"),
            (Link, new { actionItemId = item, syncTargetId = target, remoteId = "T123", remoteUrl = "https://x.example/" + new string('u', FieldLimits.TrackerRemoteUrl) },
                "linkTrackerTask", "remoteUrl"),
            (Link, new { actionItemId = item, syncTargetId = target, remoteId = "T" + new string('1', FieldLimits.TrackerRemoteId) }, "linkTrackerTask", "remoteId"),
        };

        foreach (var (mutation, input, name, field) in refusals)
        {
            var payload = (await host.PostAsync(mutation, new { input }, role: "triager")).Ok().GetProperty(name);
            var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
            Assert.True(("VALIDATION", field) == (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()),
                $"{name} {field}: {error}");
        }

        await using var db = host.Database.CreateContext();
        var stored = await db.ActionItems.Include(i => i.History).SingleAsync();
        Assert.Equal(("Existing", null, null, null, 1L), (stored.Title, stored.Team, stored.Description, stored.DueDate, stored.Version));
        Assert.Empty(stored.Tags);
        Assert.False(await db.TrackerLinks.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Person_fields_over_their_limits_or_a_malformed_email_answer_VALIDATION_and_change_nothing(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        var (_, _, alice, _) = await SeedAsync(host.Database);

        var refusals = new (string Mutation, object Input, string Name, string Field)[]
        {
            (CreatePerson, new { displayName = new string('n', FieldLimits.PersonDisplayName + 1) }, "createPerson", "displayName"),
            (CreatePerson, new { displayName = "Carol", gitHubLogin = new string('g', FieldLimits.GitHubLogin + 1) }, "createPerson", "gitHubLogin"),
            (CreatePerson, new { displayName = "Carol", phabricatorUsername = new string('p', FieldLimits.PhabricatorUsername + 1) }, "createPerson", "phabricatorUsername"),
            (CreatePerson, new { displayName = "Carol", phabricatorPhid = new string('p', FieldLimits.PhabricatorPhid + 1) }, "createPerson", "phabricatorPhid"),
            (CreatePerson, new { displayName = "Carol", email = "carol at example.org" }, "createPerson", "email"),
            (CreatePerson, new { displayName = "Carol", email = new string('c', FieldLimits.Email) + "@example.org" }, "createPerson", "email"),
            (UpdatePerson, new { id = alice, email = "@example.org" }, "updatePerson", "email"),
            (UpdatePerson, new { id = alice, displayName = new string('n', 5_000) }, "updatePerson", "displayName"),
        };

        foreach (var (mutation, input, name, field) in refusals)
        {
            var payload = (await host.PostAsync(mutation, new { input }, role: "admin")).Ok().GetProperty(name);
            var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
            Assert.True(("VALIDATION", field) == (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()),
                $"{name} {field}: {error}");
            Assert.Equal(JsonValueKind.Null, payload.GetProperty("person").ValueKind);
        }

        await using var db = host.Database.CreateContext();
        var person = await db.People.SingleAsync();
        Assert.Equal(("Alice", null), (person.DisplayName, person.Email));
    }

    private static async Task<(string Incident, string Item, string Alice, string Target)> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("2025-01-05 db-outage");
        var alice = data.Person("Alice", "alice");
        var target = data.Target("phab", TrackerKind.Phabricator);
        await data.SaveAsync();
        var item = data.Item(incident, "Existing", TestData.T0);
        await data.SaveAsync();
        return (Id(incident.Id), Id(item.Id), Id(alice.Id), Id(target.Id));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
