using System.Net;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// Every mutation × every role × anonymous (with anonymous read off and on), and every query anonymously,
/// over real HTTP against PostgreSQL. The mutation and query lists come from the served schema, so a field
/// added without a row here fails the test.
/// </summary>
[Collection(HostCollection.Name)]
public class AuthorizationMatrixTests
{
    /// <summary>
    /// Per mutation: the role it needs, whether a successful call writes, and a call that succeeds for the
    /// first caller holding that role. Placeholders: {incident} {item} {spare} {person} {target} {link}
    /// (seeded ids), {caller} (who calls), {status} (differs per caller), {version} (the item's current one).
    /// The sync mutations write nothing here: no target is configured and no conflict is open (their
    /// effects are covered by the sync scenario tests).
    /// </summary>
    private static readonly Dictionary<string, (string Role, bool Writes, string Call)> Mutations = new()
    {
        ["previewPostmortem"] = (Roles.Viewer, false,
            """previewPostmortem(input: {text: "== Actionables ==\n* Add an alert for {caller}"}) { errors { code } }"""),
        ["importPostmortem"] = (Roles.Triager, true,
            """importPostmortem(input: {text: "== Actionables ==\n* Add an alert for {caller}", format: WIKITEXT, sourceUrl: "https://wikitech.example.org/wiki/Incidents/{caller}"}) { errors { code } }"""),
        ["createActionItem"] = (Roles.Triager, true,
            """createActionItem(input: {incidentId: {incident}, title: "made by {caller}"}) { errors { code } }"""),
        ["updateActionItem"] = (Roles.Triager, true,
            """updateActionItem(input: {id: {item}, version: {version}, title: "renamed by {caller}"}) { errors { code } }"""),
        ["assignActionItems"] = (Roles.Triager, true,
            """assignActionItems(input: {ids: [{item}], team: "team of {caller}"}) { errors { code } }"""),
        ["setActionItemStatus"] = (Roles.Triager, true,
            """setActionItemStatus(id: {item}, status: {status}) { errors { code } }"""),
        ["archiveActionItem"] = (Roles.Triager, true,
            """archiveActionItem(id: {spare}) { errors { code } }"""),
        // {item} is never archived: unarchiving it is allowed and changes nothing.
        ["unarchiveActionItem"] = (Roles.Triager, false,
            """unarchiveActionItem(id: {item}) { errors { code } }"""),
        ["linkTrackerTask"] = (Roles.Triager, true,
            """linkTrackerTask(input: {actionItemId: {item}, syncTargetId: {target}, remoteId: "T77"}) { errors { code } }"""),
        ["unlinkTrackerTask"] = (Roles.Triager, true,
            """unlinkTrackerTask(linkId: {link}) { errors { code } }"""),
        ["pushToTracker"] = (Roles.Triager, false,
            """pushToTracker(itemIds: [{item}], target: "unconfigured") { errors { code } }"""),
        ["requestSync"] = (Roles.Triager, false,
            """requestSync(itemIds: [{spare}]) { errors { code } }"""),
        ["resolveConflict"] = (Roles.Triager, false,
            """resolveConflict(linkId: {link}, field: "title", keep: LOCAL) { errors { code } }"""),
        ["createPerson"] = (Roles.Triager, true,
            """createPerson(input: {displayName: "Person {caller}"}) { errors { code } }"""),
        ["updatePerson"] = (Roles.Admin, true,
            """updatePerson(input: {id: {person}, displayName: "Renamed by {caller}"}) { errors { code } }"""),
        // The first admin revokes the spare token; later admins get VALIDATION (revoked already) in the payload.
        ["revokeApiToken"] = (Roles.Admin, true,
            """revokeApiToken(id: {token}) { errors { code } }"""),
        // The note differs per caller, so each allowed caller's verdict replaces the one before.
        ["recordPreventionVerdict"] = (Roles.Triager, true,
            """recordPreventionVerdict(incidentId: {incident}, itemId: {earlierItem}, verdict: NOT_RELATED, note: "by {caller}") { errors { code } }"""),
    };

    /// <summary>Per query field: a call anyone with read access may make.</summary>
    private static readonly Dictionary<string, string> Queries = new()
    {
        ["version"] = "version",
        // Both roles give the same answer here (VIEWER), as the anonymous-read comparison below needs.
        ["viewer"] = "viewer { role }",
        ["incidents"] = "incidents { totalCount }",
        ["incident"] = "incident(id: {incident}) { slug }",
        ["actionItems"] = "actionItems { totalCount }",
        ["actionItem"] = "actionItem(id: {item}) { title }",
        ["people"] = "people { totalCount }",
        ["syncTargets"] = "syncTargets { name }",
        ["conflicts"] = "conflicts { id }",
        ["actionItemStats"] = "actionItemStats(groupBy: STATUS) { key count }",
        ["openItemsOverTime"] = """openItemsOverTime(interval: MONTH, from: "2025-01-01T00:00:00Z", to: "2025-03-01T00:00:00Z") { open }""",
        ["openItemAgeBuckets"] = "openItemAgeBuckets { count }",
        ["timeToResolve"] = "timeToResolve { count }",
        ["openItemAgeBucketsByGroup"] = "openItemAgeBucketsByGroup(groupBy: TEAM) { count }",
        ["timeToResolveByGroup"] = "timeToResolveByGroup(groupBy: TEAM) { count }",
        ["preventionCandidates"] = "preventionCandidates(incidentId: {earlier}) { score }",
        ["similarIncidents"] = "similarIncidents(incidentId: {earlier}) { score matchedTerms }",
        ["recurringActionables"] = "recurringActionables { representativeTitle incidentCount }",
        ["policies"] = "policies { name }",
        ["policyViolations"] = "policyViolations { rule }",
    };

    /// <summary>Per query field that needs more than read access: the role and a call that role may make.</summary>
    private static readonly Dictionary<string, (string Role, string Call)> RestrictedQueries = new()
    {
        ["apiTokens"] = (Roles.Admin, "apiTokens { name }"),
    };

    /// <summary>null is a request without credentials.</summary>
    private static readonly string?[] Callers = [null, Roles.Viewer, Roles.Triager, Roles.Admin];

    private static readonly Dictionary<string, string> StatusByCaller = new()
    {
        ["anonymous"] = "STALLED",
        [Roles.Viewer] = "IN_PROGRESS",
        [Roles.Triager] = "RESOLVED",
        [Roles.Admin] = "OPEN",
    };

    [Fact]
    public async Task Every_mutation_answers_every_role_and_anonymous_as_its_declared_role_says_and_refusals_write_nothing()
    {
        var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres, HostRole.Api, "--Auth:AnonymousRead=false");
        try
        {
            var ids = await SeedAsync(host.Database);
            var mutationFields = Schema(host).Mutation!.Fields.ToList();
            Assert.Equal(Mutations.Keys.Order(), mutationFields.Select(f => f.Name).Order());
            foreach (var field in mutationFields)
            {
                Assert.True(Mutations[field.Name].Role == RoleRequirement.RequiredRole(field, isMutation: true),
                    $"{field.Name}: the schema declares {RoleRequirement.RequiredRole(field, isMutation: true)}, the access table {Mutations[field.Name].Role}");
            }

            // Anonymous read off: a request without credentials is unauthenticated for every mutation.
            foreach (var (name, row) in Mutations)
            {
                foreach (var caller in Callers)
                {
                    var allowed = caller is not null && Roles.Implied(caller).Contains(row.Role);
                    await CallAsync(host, ids, name, row, caller, allowed ? null : caller is null ? ErrorCodes.Unauthenticated : ErrorCodes.Forbidden,
                        mustWrite: allowed && row.Writes && caller == row.Role);
                }
            }

            // Anonymous read on: a request without credentials reads, and only previewPostmortem (which
            // writes nothing) is open to it among the mutations; everything else is forbidden.
            host = await host.RestartAsync("--Auth:AnonymousRead=true");
            foreach (var (name, row) in Mutations)
            {
                await CallAsync(host, ids, name, row, caller: null, row.Role == Roles.Viewer ? null : ErrorCodes.Forbidden, mustWrite: false);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_query_is_readable_anonymously_only_when_anonymous_read_is_on()
    {
        var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres, HostRole.Api, "--Auth:AnonymousRead=false");
        try
        {
            var ids = await SeedAsync(host.Database);
            var queryFields = Schema(host).Query.Fields.Select(f => f.Name).ToList();
            Assert.Equal(Queries.Keys.Concat(RestrictedQueries.Keys).Order(), queryFields.Order());
            foreach (var (name, (role, call)) in RestrictedQueries)
            {
                var query = "{ " + call + " }";
                Assert.Equal(role, RoleRequirement.RequiredRole(Schema(host).Query.GetField(name)!, isMutation: false));
                Assert.Equal(HttpStatusCode.Unauthorized, (await host.PostAsync(query)).Status);
                foreach (var caller in Roles.All)
                {
                    var response = await host.PostAsync(query, role: caller);
                    if (Roles.Implied(caller).Contains(role))
                    {
                        response.Ok();
                    }
                    else
                    {
                        Assert.True((response.Status, response.ErrorCodes.SingleOrDefault()) == (HttpStatusCode.Forbidden, ErrorCodes.Forbidden),
                            $"{name} as {caller}: {response.Text}");
                    }
                }
            }

            foreach (var (name, call) in Queries)
            {
                var query = "{ " + Fill(call, ids, "anonymous") + " }";
                var anonymous = await host.PostAsync(query);
                var viewer = await host.PostAsync(query, role: Roles.Viewer);
                viewer.Ok();
                if (name is "version" or "viewer")
                {
                    anonymous.Ok(); // public: clients check what they talk to, and who they are, before logging in
                }
                else
                {
                    Assert.True((anonymous.Status, anonymous.ErrorCodes.SingleOrDefault()) == (HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated),
                        $"{name} without credentials, anonymous read off: {anonymous.Text}");
                    Assert.Equal(JsonValueKind.Undefined, anonymous.Body.TryGetProperty("data", out var data) ? data.ValueKind : JsonValueKind.Undefined);
                }
            }

            host = await host.RestartAsync("--Auth:AnonymousRead=true");
            foreach (var (_, call) in RestrictedQueries.Values)
            {
                Assert.Equal(ErrorCodes.Forbidden, (await host.PostAsync("{ " + call + " }")).ErrorCodes.Single());
            }
            foreach (var call in Queries.Values)
            {
                var anonymous = await host.PostAsync("{ " + Fill(call, ids, "anonymous") + " }");
                var viewer = await host.PostAsync("{ " + Fill(call, ids, "viewer") + " }", role: Roles.Viewer);
                Assert.Equal(viewer.Ok().GetRawText(), anonymous.Ok().GetRawText());
            }
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task CallAsync(GraphQLHost host, Dictionary<string, long> ids, string name,
        (string Role, bool Writes, string Call) row, string? caller, string? refusal, bool mustWrite)
    {
        var who = caller ?? "anonymous";
        var call = Fill(row.Call, ids, who).Replace("{version}", (await ItemVersionAsync(host, ids["item"])).ToString(), StringComparison.Ordinal);
        var before = await FingerprintAsync(host);
        host.SqlCommands.Reset();

        var response = await host.PostAsync("mutation { " + call + " }", role: caller);

        var commands = host.SqlCommands.Count;
        var after = await FingerprintAsync(host);
        var context = $"{name} as {who}: {response.Status} {response.Text}";
        if (refusal is not null)
        {
            var expectedStatus = refusal == ErrorCodes.Unauthenticated ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            Assert.True(response.Status == expectedStatus && response.ErrorCodes.SequenceEqual([refusal]), context);
            Assert.True(commands == 0, $"{context}: {commands} SQL commands before the refusal");
            Assert.True(before == after, $"{context}: stored data changed");
            return;
        }
        // Allowed: executed without request errors; the payload may still say NOT_FOUND/CONFLICT (an earlier
        // caller archived, unlinked or linked the same thing).
        Assert.True(response.Status == HttpStatusCode.OK && !response.Body.TryGetProperty("errors", out _), context);
        if (mustWrite)
        {
            // The first caller with the role really changes data: so the refused calls before it would have too.
            Assert.True(response.Data.GetProperty(name).GetProperty("errors").GetArrayLength() == 0, context);
            Assert.True(before != after, $"{context}: expected a write");
        }
    }

    private static string Fill(string call, Dictionary<string, long> ids, string caller)
    {
        foreach (var (key, id) in ids)
        {
            call = call.Replace("{" + key + "}", "\"" + id + "\"", StringComparison.Ordinal);
        }
        return call.Replace("{caller}", caller, StringComparison.Ordinal)
            .Replace("{status}", StatusByCaller[caller], StringComparison.Ordinal);
    }

    private static ISchema Schema(GraphQLHost host) => host.Host.Host.Services.GetRequiredService<ISchema>();

    private static async Task<Dictionary<string, long>> SeedAsync(Infrastructure.TestDatabase database)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("2025-01-05 matrix");
        var earlier = data.Incident("2024-12-01 matrix", new DateOnly(2024, 12, 1));
        var person = data.Person("Alice", "alice");
        var target = data.Target("phab", TrackerKind.Phabricator);
        await data.SaveAsync();
        var item = data.Item(incident, "Add replica lag alert", TestData.T0);
        var spare = data.Item(incident, "Archive me", TestData.T0);
        var linked = data.Item(incident, "Already linked", TestData.T0);
        var earlierItem = data.Item(earlier, "Earlier item", TestData.T0);
        var link = new TrackerLink { SyncTarget = target, RemoteId = "T1", CreatedAt = TestData.T0 };
        linked.Links.Add(link);
        await data.SaveAsync();
        var spareToken = (await new ApiTokens(db, TimeProvider.System).CreateAsync("matrix-spare", Roles.Viewer, "test", CancellationToken.None)).Token;
        return new()
        {
            ["token"] = spareToken.Id,
            ["incident"] = incident.Id, ["item"] = item.Id, ["spare"] = spare.Id, ["person"] = person.Id,
            ["target"] = target.Id, ["link"] = link.Id, ["earlier"] = earlier.Id, ["earlierItem"] = earlierItem.Id,
        };
    }

    private static async Task<long> ItemVersionAsync(GraphQLHost host, long id)
    {
        await using var db = host.Database.CreateContext();
        return await db.ActionItems.Where(i => i.Id == id).Select(i => i.Version).SingleAsync();
    }

    /// <summary>
    /// One cheap query over every table a mutation may write (of API tokens only which are revoked: authentication
    /// notes their last use). Any inserted, changed or deleted row changes it.
    /// </summary>
    private static async Task<string> FingerprintAsync(GraphQLHost host)
    {
        string[] tables = ["incidents", "timeline_entries", "scorecard_answers", "action_items", "action_item_history",
            "tracker_links", "sync_targets", "people", "prevention_reviews", "outbox"];
        var sql = "SELECT md5(concat_ws('|', " +
                  string.Join(", ", tables.Select(t => $"(SELECT string_agg(t::text, ',' ORDER BY t::text) FROM {t} t)")) +
                  ", (SELECT string_agg(id || ':' || coalesce(revoked_at::text, ''), ',' ORDER BY id) FROM api_tokens)" +
                  ")) AS \"Value\"";
        await using var db = host.Database.CreateContext();
        return await db.Database.SqlQueryRaw<string>(sql).SingleAsync();
    }
}
