using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>The sync surface of the API: GraphQL mutations and health, the jobs dashboard, configuration errors.</summary>
[Collection(SyncScenario.Collection)]
public class SyncApiTests
{
    [Fact]
    public async Task PushToTracker_creates_the_task_in_the_background_and_refuses_an_item_already_linked()
    {
        await using var s = await SyncScenario.StartAsync();
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        using var client = await s.ClientAsync(Roles.Triager);

        var pushed = await PostAsync(client, $$"""mutation { pushToTracker(itemIds: [{{item.Id}}], target: "phorge") { errors { code } links { state remoteId } } }""");
        Assert.Equal("PENDING_CREATE", pushed.GetProperty("pushToTracker").GetProperty("links")[0].GetProperty("state").GetString());
        await s.QuietAsync();

        var (_, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Linked, "T1"), (link.State, link.RemoteId));
        Assert.Equal(1, s.Phorge.Phorge.TaskCount);

        var again = await PostAsync(client, $$"""mutation { pushToTracker(itemIds: [{{item.Id}}], target: "phorge") { errors { code field } links { id } } }""");
        Assert.Equal("CONFLICT", again.GetProperty("pushToTracker").GetProperty("errors")[0].GetProperty("code").GetString());
        var unknown = await PostAsync(client, $$"""mutation { pushToTracker(itemIds: [{{item.Id}}], target: "jira") { errors { code field } } }""");
        Assert.Equal("target", unknown.GetProperty("pushToTracker").GetProperty("errors")[0].GetProperty("field").GetString());
        await s.QuietAsync();
        Assert.Equal(1, s.Phorge.Phorge.TaskCount);
    }

    [Fact]
    public async Task RequestSync_pulls_the_linked_task_now_and_syncTargets_reports_health()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("title", "Add paging everywhere"));
        using var client = await s.ClientAsync(Roles.Triager);

        var requested = await PostAsync(client, $$"""mutation { requestSync(itemIds: [{{item.Id}}]) { errors { code } links { remoteId } } }""");
        await s.QuietAsync();

        Assert.Equal(task.Monogram, requested.GetProperty("requestSync").GetProperty("links")[0].GetProperty("remoteId").GetString());
        Assert.Equal("Add paging everywhere", (await s.LoadAsync(item.Id)).Item.Title);

        var health = (await PostAsync(client, "{ syncTargets { name configured pollCursor lastSuccessfulPollAt lastError callsLastHour rateLimitWaitSeconds haltedAt } }"))
            .GetProperty("syncTargets")[0];
        Assert.Equal(("phorge", true), (health.GetProperty("name").GetString(), health.GetProperty("configured").GetBoolean()));
        Assert.NotEqual(JsonValueKind.Null, health.GetProperty("pollCursor").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, health.GetProperty("lastSuccessfulPollAt").ValueKind);
        Assert.Equal(s.Phorge.TotalCalls, health.GetProperty("callsLastHour").GetInt32());
        Assert.Equal(0, health.GetProperty("rateLimitWaitSeconds").GetInt32());
    }

    [Fact]
    public async Task CallsLastHour_read_through_the_api_process_counts_the_calls_its_workers_made()
    {
        // The documented scale-out layout: one --role api process (serves GraphQL, runs no jobs) and workers, one PostgreSQL.
        await using var s = await SyncScenario.StartAsync(role: HostRole.Api);
        using var client = await s.ClientAsync(Roles.Viewer);
        await using (await s.StartWorkerAsync())
        {
            var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
            await s.CreateLinkedItemAsync("Add paging", task.Monogram);
            await s.DrainAsync();
            await s.PollAsync();
            var madeByTheWorker = s.Phorge.TotalCalls;
            Assert.True(madeByTheWorker > 0, "the worker made no Conduit call");

            // The worker adds its counts to the database every few seconds.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            int reported;
            while ((reported = await CallsLastHourAsync(client)) != madeByTheWorker && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
            Assert.Equal(madeByTheWorker, reported);

            s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("title", "Add paging everywhere"));
            await s.PollAsync();
            Assert.True(s.Phorge.TotalCalls > madeByTheWorker, "the second poll made no Conduit call");
        }

        // Calls made just before a worker stops (a deploy, a scale-down) are not lost with it.
        Assert.Equal(s.Phorge.TotalCalls, await CallsLastHourAsync(client));
    }

    private static async Task<int> CallsLastHourAsync(HttpClient client) =>
        (await PostAsync(client, "{ syncTargets { name callsLastHour } }")).GetProperty("syncTargets").EnumerateArray()
        .Single(t => t.GetProperty("name").GetString() == SyncScenario.TargetName).GetProperty("callsLastHour").GetInt32();

    [Fact]
    public async Task Viewers_cannot_push_request_sync_or_resolve_conflicts()
    {
        await using var s = await SyncScenario.StartAsync();
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        using var client = await s.ClientAsync(Roles.Viewer);

        using var response = await client.PostAsJsonAsync("/graphql",
            new { query = $$"""mutation { pushToTracker(itemIds: [{{item.Id}}], target: "phorge") { errors { code } } }""" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("FORBIDDEN", text, StringComparison.Ordinal);
        await using var db = s.Db();
        Assert.False(await db.TrackerLinks.AnyAsync());
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_admins_only()
    {
        await using var s = await SyncScenario.StartAsync();
        using var admin = await s.ClientAsync(Roles.Admin);
        using var triager = await s.ClientAsync(Roles.Triager);
        using var anonymous = new HttpClient { BaseAddress = s.Host.Address };

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await triager.GetAsync("/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_bad_sync_target_setting_stops_start_up_with_exit_code_3_naming_the_key_and_never_the_token()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string?>
        {
            ["Sync__Targets__0__Kind"] = "Phabricator",
            ["Sync__Targets__0__Name"] = "phab",
            ["Sync__Targets__0__BaseUrl"] = "https://phabricator.example.org",
            ["Sync__Targets__0__Token"] = "api-secretsecretsecretsecretsecr",
            ["Sync__Targets__0__PushPolicy"] = "Everything",
        }, "serve");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: Sync:Targets:0:PushPolicy: 'Everything' is not None, NewItems or NewItemsWithTag:<tag>", result.StdErr.Trim(),
            StringComparison.Ordinal);
        Assert.DoesNotContain("api-secret", result.StdErr + result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestSync_of_an_item_linked_in_a_target_that_is_not_configured_is_refused_naming_it_and_queues_nothing()
    {
        await using var s = await SyncScenario.StartAsync();
        long itemId;
        await using (var db = s.Db())
        {
            // As an import leaves it: a task URL on a host no configured target names.
            var elsewhere = new SyncTarget { Name = "tracker.elsewhere.example", BaseUrl = "https://tracker.elsewhere.example", CreatedAt = DateTimeOffset.UtcNow };
            db.SyncTargets.Add(elsewhere);
            var incident = new Incident { Slug = "unconfigured-target", Title = "Outage", CreatedAt = DateTimeOffset.UtcNow };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            var change = new Change("import", ChangeOrigin.Import, DateTimeOffset.UtcNow);
            var item = ActionItem.Create(incident.Id, "Add paging", change);
            item.Links.Add(new TrackerLink { SyncTargetId = elsewhere.Id, RemoteId = "T42", State = TrackerLinkState.PendingFill, CreatedAt = change.At });
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
            itemId = item.Id;
        }
        await s.QuietAsync();
        int outboxBefore;
        await using (var db = s.Db())
        {
            outboxBefore = await db.OutboxMessages.CountAsync();
        }
        using var client = await s.ClientAsync(Roles.Triager);

        var requested = await PostAsync(client, $$"""mutation { requestSync(itemIds: [{{itemId}}]) { errors { code message field } links { remoteId } } }""");

        var error = requested.GetProperty("requestSync").GetProperty("errors")[0];
        Assert.Equal(("VALIDATION", "itemIds"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        Assert.Contains("'tracker.elsewhere.example'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("not a configured sync target", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await using (var db = s.Db())
        {
            Assert.Equal(outboxBefore, await db.OutboxMessages.CountAsync());
        }
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query });
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(json.TryGetProperty("errors", out _), text);
        return json.GetProperty("data");
    }
}
