using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ActionItems.Api.Trackers;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.Sync.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>issue 5 scenarios: Herald webhooks (good, bad, replayed) and what polls cost in Conduit calls.</summary>
[Collection(SyncScenario.Collection)]
public class WebhookAndCostScenarioTests
{
    private static Uri WebhookUrl(SyncScenario s, string target = SyncScenario.TargetName) => new(s.Host.Address!, $"/webhooks/phabricator/{target}");

    [Fact]
    public async Task A_signed_webhook_pulls_the_task_as_its_author_made_it_and_a_replay_changes_nothing_more()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        var close = s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("status", "resolved"));

        var delivery = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, task.Monogram);
        await s.QuietAsync();

        Assert.Equal(202, delivery.StatusCode);
        var (stored, _) = await s.LoadAsync(item.Id);
        Assert.True(stored.Status == ActionItemStatus.Resolved, s.JobReport());
        var pulled = stored.History.Single(h => h.Field == HistoryFields.Status && h.NewValue == "Resolved");
        Assert.Equal((s.Phorge.Admin.Username, close[0].DateCreated), (pulled.Actor, pulled.At.ToUnixTimeSeconds()));

        var replay = await FakePhorge.FakePhorge.PostWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, delivery.Body, CancellationToken.None);
        await s.QuietAsync();
        Assert.Equal(202, replay.StatusCode);
        Assert.Equal(stored.History.Count, (await s.LoadAsync(item.Id)).Item.History.Count);
    }

    [Fact]
    public async Task A_webhook_for_a_task_no_item_links_is_accepted_without_any_conduit_call()
    {
        await using var s = await SyncScenario.StartAsync();
        var linked = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        await s.CreateLinkedItemAsync("Add paging", linked.Monogram);
        await s.DrainAsync();
        await s.QuietAsync();
        var unrelated = s.Phorge.CreateTask(s.Phorge.Alice, "Somebody else's task");
        s.Phorge.ResetCallCounts();

        var delivery = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, unrelated.Monogram);
        await s.QuietAsync();

        Assert.Equal(202, delivery.StatusCode);
        Assert.True(s.Phorge.TotalCalls == 0, s.JobReport());
    }

    [Fact]
    public async Task A_delivery_sent_longer_ago_than_the_window_is_answered_stale_and_queues_nothing()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.QuietAsync();
        var pullsBefore = PullJobCount(s);
        string Body(DateTimeOffset sentAt) => new JsonObject
        {
            ["object"] = new JsonObject { ["type"] = "TASK", ["phid"] = task.Phid },
            ["triggers"] = new JsonArray(new JsonObject { ["phid"] = "PHID-HWBH-lal6wabtonuzdc7owwec" }),
            ["action"] = new JsonObject { ["test"] = false, ["silent"] = false, ["secure"] = false, ["epoch"] = sentAt.ToUnixTimeSeconds() },
            ["transactions"] = new JsonArray(new JsonObject { ["phid"] = "PHID-XACT-TASK-zz356j7lpyel3ky" }),
        }.ToJsonString();

        var stale = await PostSignedAsync(s, Body(DateTimeOffset.UtcNow.AddHours(-2)));
        await s.QuietAsync();

        Assert.Equal(HttpStatusCode.Accepted, stale.Status);
        Assert.Equal(("stale", false), (stale.Reply["outcome"]!.GetValue<string>(), stale.Reply["pulled"]!.GetValue<bool>()));
        Assert.True(PullJobCount(s) == pullsBefore, s.JobReport());
        await using (var db = s.Db())
        {
            Assert.False(await db.WebhookDeliveries.AnyAsync());
        }

        // The same transactions delivered fresh are not a duplicate of the stale one: it claimed nothing.
        var fresh = await PostSignedAsync(s, Body(DateTimeOffset.UtcNow));
        await s.QuietAsync();
        Assert.Equal("queued", fresh.Reply["outcome"]!.GetValue<string>());
        Assert.True(PullJobCount(s) == pullsBefore + 1, s.JobReport());
    }

    /// <summary>Posts a signed body and returns the status and the receipt (or error) the endpoint answered with.</summary>
    private static async Task<(HttpStatusCode Status, JsonObject Reply)> PostSignedAsync(SyncScenario s, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl(s)) { Content = new ByteArrayContent(bytes) };
        request.Headers.TryAddWithoutValidation("X-Phabricator-Webhook-Signature", FakePhorge.FakePhorge.Sign(SyncScenario.WebhookSecret, bytes));
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>How many pulls were ever queued (every state: the test's Hangfire schema numbers its jobs from 1).</summary>
    private static int PullJobCount(SyncScenario s)
    {
        using var connection = s.Host.Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var count = 0;
        for (var id = 1L; connection.GetJobData(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } data; id++)
        {
            count += data.Job?.Type == typeof(PullRemoteObjectJob) ? 1 : 0;
        }
        return count;
    }

    [Fact]
    public async Task A_hundred_replays_of_one_delivery_queue_one_pull_and_cost_one_read()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.QuietAsync();
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("status", "resolved"));
        s.Phorge.ResetCallCounts();
        var pullsBefore = PullJobCount(s);

        var first = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, task.Monogram);
        // Half at once while the pull may still be queued, half after it ran: neither kind of replay queues again.
        var burst = await Task.WhenAll(Enumerable.Range(0, 49).Select(_ => PostSignedAsync(s, first.Body)));
        await s.QuietAsync();
        var late = new List<(HttpStatusCode Status, JsonObject Reply)>();
        for (var i = 0; i < 50; i++)
        {
            late.Add(await PostSignedAsync(s, first.Body));
        }
        await s.QuietAsync();

        Assert.Equal(202, first.StatusCode);
        Assert.All(burst.Concat(late), r => Assert.Equal(HttpStatusCode.Accepted, r.Status));
        Assert.All(burst.Concat(late), r => Assert.False(r.Reply["pulled"]!.GetValue<bool>()));
        Assert.All(late, r => Assert.Equal("duplicate", r.Reply["outcome"]!.GetValue<string>()));
        Assert.True(PullJobCount(s) - pullsBefore == 1, s.JobReport());
        Assert.Equal(1, s.Phorge.CallCount("maniphest.search"));
        Assert.Equal(ActionItemStatus.Resolved, (await s.LoadAsync(item.Id)).Item.Status);
    }

    [Fact]
    public async Task A_second_edit_of_the_same_task_delivered_after_the_first_is_pulled_too()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.QuietAsync();

        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("status", "resolved"));
        var first = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, task.Monogram);
        await s.QuietAsync();
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("title", "Add paging for the API"));
        var second = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, task.Monogram);
        await s.QuietAsync();

        Assert.Equal((202, 202), (first.StatusCode, second.StatusCode));
        var stored = (await s.LoadAsync(item.Id)).Item;
        Assert.True(stored.Title == "Add paging for the API", s.JobReport());
        Assert.Equal(ActionItemStatus.Resolved, stored.Status);
    }

    [Fact]
    public async Task A_webhook_for_an_object_that_is_not_a_task_is_accepted_and_queues_nothing()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        // A link still waiting for its first fill makes every task delivery worth a pull; a project's still is not.
        await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        s.Phorge.ResetCallCounts();
        var body = """
            {"object":{"type":"PROJ","phid":"PHID-PROJ-incidentfollowup"},"triggers":[{"phid":"PHID-HWBH-1"}],
             "action":{"test":false,"silent":false,"secure":false,"epoch":1764730000},"transactions":[{"phid":"PHID-XACT-PROJ-1"}]}
            """;

        var (status, reply) = await PostSignedAsync(s, body);
        await s.QuietAsync();

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(("PHID-PROJ-incidentfollowup", "PROJ", false, "not-a-task"),
            (reply["accepted"]!.GetValue<string>(), reply["objectType"]!.GetValue<string>(), reply["pulled"]!.GetValue<bool>(),
                reply["outcome"]!.GetValue<string>()));
        Assert.True(PullJobCount(s) == 0, s.JobReport());
        Assert.Equal(0, s.Phorge.TotalCalls);
    }

    [Fact]
    public async Task A_webhook_with_a_bad_or_missing_signature_is_refused_with_401_and_changes_nothing()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));
        s.Phorge.ResetCallCounts();

        var wrongKey = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), "not-the-key", task.Monogram);
        using var http = new HttpClient();
        using var unsigned = await http.PostAsync(WebhookUrl(s), new StringContent(wrongKey.Body, Encoding.UTF8, "application/json"));
        await s.QuietAsync();

        Assert.Equal(401, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Contains("X-Phabricator-Webhook-Signature", await unsigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ActionItemStatus.Open, (await s.LoadAsync(item.Id)).Item.Status);
        Assert.Equal(0, s.Phorge.TotalCalls);
    }

    [Fact]
    public async Task A_target_without_a_webhook_secret_has_no_endpoint_signed_or_not_as_on_github()
    {
        // An empty value leaves WebhookSecret unset (SyncTargetRegistry).
        await using var s = await SyncScenario.StartAsync(extraHostArgs: "--Sync:Targets:0:WebhookSecret=");
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));
        s.Phorge.ResetCallCounts();

        var signed = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s), SyncScenario.WebhookSecret, task.Monogram);
        using var http = new HttpClient();
        using var unsigned = await http.PostAsync(WebhookUrl(s), new StringContent(signed.Body, Encoding.UTF8, "application/json"));
        await s.QuietAsync();

        Assert.Equal(404, signed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);
        Assert.Equal($"the Phabricator webhook of target '{SyncScenario.TargetName}' is off: set its WebhookSecret (and the same HMAC key as the Herald webhook's) to turn it on",
            JsonNode.Parse(await unsigned.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
        Assert.Equal(ActionItemStatus.Open, (await s.LoadAsync(item.Id)).Item.Status);
        Assert.Equal(0, s.Phorge.TotalCalls);
        await using var db = s.Db();
        Assert.False(await db.WebhookDeliveries.AnyAsync());
    }

    [Fact]
    public async Task A_webhook_for_an_unknown_target_is_404()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");

        var delivery = await s.Phorge.DeliverWebhookAsync(WebhookUrl(s, "nowhere"), SyncScenario.WebhookSecret, task.Monogram);

        Assert.Equal(404, delivery.StatusCode);
    }

    [Fact]
    public async Task A_webhook_body_over_1_mb_is_refused_with_413_with_or_without_content_length()
    {
        await using var s = await SyncScenario.StartAsync();
        var body = "{\"object\":{\"phid\":\"" + new string('x', PhabricatorWebhookEndpoint.MaxBodyBytes) + "\"}}";
        using var http = new HttpClient();

        using var withLength = await http.PostAsync(WebhookUrl(s), new StringContent(body, Encoding.UTF8, "application/json"));
        using var chunked = await http.PostAsync(WebhookUrl(s), new ChunkedContent(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withLength.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        Assert.Contains("at most", await chunked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_that_finds_no_changes_costs_exactly_one_conduit_call()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        await s.PollAsync();
        s.Phorge.ResetCallCounts();

        await s.PollAsync();

        Assert.Equal(1, s.Phorge.TotalCalls);
        Assert.Equal(1, s.Phorge.CallCount("maniphest.search"));
        var target = await s.TargetAsync();
        Assert.NotNull(target.LastSuccessfulPollAt);
        Assert.NotNull(target.PollCursor);
    }

    [Fact]
    public async Task An_idle_poll_after_a_bulk_change_of_hundreds_of_tasks_in_one_second_costs_one_call()
    {
        await using var s = await SyncScenario.StartAsync();
        var tasks = Enumerable.Range(0, 250).Select(i => s.Phorge.CreateTask(s.Phorge.Alice, $"Follow-up {i}")).ToList();
        await s.PollAsync();
        s.PhorgeClock.AutoAdvanceAmount = TimeSpan.Zero;
        foreach (var task in tasks)
        {
            s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("priority", "high"));
        }
        s.PhorgeClock.AutoAdvanceAmount = TimeSpan.FromSeconds(1);
        // The poll that sees the bulk change comes a while after it, as polls do.
        s.PhorgeClock.Advance(TimeSpan.FromSeconds(30));
        s.Phorge.ResetCallCounts();
        await s.PollAsync();
        Assert.Equal(3, s.Phorge.CallCount("maniphest.search"));
        s.Phorge.ResetCallCounts();

        await s.PollAsync();
        await s.PollAsync();

        Assert.Equal(2, s.Phorge.TotalCalls);
        Assert.Equal(2, s.Phorge.CallCount("maniphest.search"));
    }

    [Fact]
    public async Task The_first_fill_of_many_linked_tasks_costs_one_search_per_hundred_tasks()
    {
        await using var s = await SyncScenario.StartAsync();
        const int count = 250;
        var tasks = Enumerable.Range(0, count).Select(i => s.Phorge.CreateTask(s.Phorge.Alice, $"Follow-up {i}")).ToList();
        await using (var db = s.Db())
        {
            var incident = new Incident { Slug = "big-outage", Title = "Big outage", CreatedAt = DateTimeOffset.UtcNow };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            var change = new Change("import", ChangeOrigin.Import, DateTimeOffset.UtcNow);
            foreach (var task in tasks)
            {
                var item = ActionItem.Create(incident.Id, "from the document", change);
                item.Links.Add(new TrackerLink { SyncTargetId = s.TargetId, RemoteId = task.Monogram, State = TrackerLinkState.PendingFill, CreatedAt = change.At });
                db.ActionItems.Add(item);
            }
            await db.SaveChangesAsync();
        }
        s.Phorge.ResetCallCounts();

        await s.DrainAsync();

        Assert.Equal((count + 99) / 100, s.Phorge.CallCount("maniphest.search"));
        Assert.Equal(0, s.Phorge.CallCount("transaction.search"));
        Assert.Equal(0, s.Phorge.CallCount("maniphest.edit"));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.BaseSnapshot != null && l.State == TrackerLinkState.Linked));
        Assert.Equal(count, await check.ActionItems.CountAsync(i => i.Title.StartsWith("Follow-up")));
    }
}
