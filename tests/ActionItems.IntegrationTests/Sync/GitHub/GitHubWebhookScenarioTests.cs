using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.GitHub;
using ActionItems.Sync.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>
/// <c>POST /webhooks/github/{target}</c> against the real host and the fake GitHub: a signed delivery pulls the issue,
/// a bad signature, a redelivery and our own bot's change queue nothing, a target without a secret has no endpoint, and
/// recorded payloads of <c>@octokit/webhooks-examples</c> (Fixtures/webhooks) go through it.
/// </summary>
[Collection(SyncScenario.Collection)]
public class GitHubWebhookScenarioTests
{
    private const string Repo = GitHubSyncScenario.Repository;

    [Fact]
    public async Task A_signed_delivery_pulls_the_issue_and_a_redelivery_of_it_queues_nothing_more()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var (issue, item) = await LinkedIssueAsync(s, "Add alerting");
        s.GitHub.EditIssue(s.GitHub.Bob, Repo, issue.Number, i => i.State = "closed");
        var pullsBefore = PullJobCount(s);
        var body = IssueDelivery("closed", issue, s.GitHub.Bob.Login);
        var deliveryId = Guid.NewGuid().ToString();

        var first = await PostAsync(s, "issues", body, deliveryId);
        await s.QuietAsync();

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(("queued", true, $"{Repo}#{issue.Number}", "closed"),
            (Text(first.Reply, "outcome"), first.Reply["pulled"]!.GetValue<bool>(), Text(first.Reply, "issue"), Text(first.Reply, "action")));
        var (pulled, _) = await s.LoadAsync(item.Id);
        Assert.Equal(ActionItemStatus.Resolved, pulled.Status);
        Assert.Equal(pullsBefore + 1, PullJobCount(s));

        // GitHub's "Redeliver" sends the same X-GitHub-Delivery again.
        var redelivery = await PostAsync(s, "issues", body, deliveryId);
        await s.QuietAsync();

        Assert.Equal((HttpStatusCode.Accepted, "duplicate", false),
            (redelivery.Status, Text(redelivery.Reply, "outcome"), redelivery.Reply["pulled"]!.GetValue<bool>()));
        Assert.Equal(pullsBefore + 1, PullJobCount(s));
        Assert.Equal(pulled.History.Count, (await s.LoadAsync(item.Id)).Item.History.Count);
    }

    [Fact]
    public async Task A_delivery_with_a_wrong_or_missing_signature_is_refused_with_401_and_changes_nothing()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var (issue, item) = await LinkedIssueAsync(s, "Add alerting");
        s.GitHub.EditIssue(s.GitHub.Bob, Repo, issue.Number, i => i.State = "closed");
        var pullsBefore = PullJobCount(s);
        var body = IssueDelivery("closed", issue, s.GitHub.Bob.Login);

        var wrongSecret = await PostAsync(s, "issues", body, Guid.NewGuid().ToString(), signature: GitHubWebhook.Sign("not the secret", body));
        var unsigned = await PostAsync(s, "issues", body, Guid.NewGuid().ToString(), signature: "");
        var tampered = await PostAsync(s, "issues", body, Guid.NewGuid().ToString(),
            signature: GitHubWebhook.Sign(GitHubSyncScenario.WebhookSecret, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body) + " ")));
        await s.QuietAsync();

        foreach (var refused in new[] { wrongSecret, unsigned, tampered })
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "missing or wrong X-Hub-Signature-256"), (refused.Status, Text(refused.Reply, "error")));
        }
        Assert.Equal(pullsBefore, PullJobCount(s));
        Assert.Equal(ActionItemStatus.Open, (await s.LoadAsync(item.Id)).Item.Status);
        await using var db = s.Db();
        Assert.False(await db.WebhookDeliveries.AnyAsync());
    }

    [Fact]
    public async Task A_change_our_own_bot_made_queues_no_pull()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var (issue, _) = await LinkedIssueAsync(s, "Add alerting");
        var pullsBefore = PullJobCount(s);
        s.GitHub.ResetRequests();

        var own = await PostAsync(s, "issues", IssueDelivery("edited", issue, s.GitHub.Syncbot.Login), Guid.NewGuid().ToString());
        var ownAgain = await PostAsync(s, "issue_comment", IssueDelivery("created", issue, s.GitHub.Syncbot.Login), Guid.NewGuid().ToString());
        await s.QuietAsync();

        Assert.Equal((HttpStatusCode.Accepted, "own-change", false), (own.Status, Text(own.Reply, "outcome"), own.Reply["pulled"]!.GetValue<bool>()));
        Assert.Equal("own-change", Text(ownAgain.Reply, "outcome"));
        Assert.Equal(pullsBefore, PullJobCount(s));
        // The bot's login was read at most once (the poll had read it already); no issue was read.
        Assert.True(s.GitHub.RequestCount("GET", "/user") <= 1, string.Join(", ", s.GitHub.Requests.Select(r => r.PathAndQuery)));
        Assert.Equal(0, s.GitHub.RequestCount("GET", "/repos/"));
    }

    [Fact]
    public async Task Pings_other_events_and_pull_requests_are_accepted_without_a_pull_and_bad_deliveries_get_400()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var (issue, _) = await LinkedIssueAsync(s, "Add alerting");
        var pullsBefore = PullJobCount(s);
        var pullRequestComment = JsonNode.Parse(IssueDelivery("created", issue, "bob"))!.AsObject();
        pullRequestComment["issue"]!["pull_request"] = new JsonObject { ["url"] = "https://api.github.com/repos/x/y/pulls/1" };

        var ping = await PostAsync(s, "ping", """{"zen":"Keep it logically awesome.","hook_id":1}"""u8.ToArray(), Guid.NewGuid().ToString());
        var push = await PostAsync(s, "push", """{"ref":"refs/heads/main"}"""u8.ToArray(), Guid.NewGuid().ToString());
        var onPullRequest = await PostAsync(s, "issue_comment", Encoding.UTF8.GetBytes(pullRequestComment.ToJsonString()), Guid.NewGuid().ToString());
        var noEvent = await PostAsync(s, "", IssueDelivery("edited", issue, "bob"), Guid.NewGuid().ToString());
        var noDeliveryId = await PostAsync(s, "issues", IssueDelivery("edited", issue, "bob"), "");
        var notAnIssue = await PostAsync(s, "issues", """{"action":"edited"}"""u8.ToArray(), Guid.NewGuid().ToString());
        await s.QuietAsync();

        Assert.Equal((HttpStatusCode.Accepted, "ping"), (ping.Status, Text(ping.Reply, "outcome")));
        Assert.Equal((HttpStatusCode.Accepted, "ignored-event"), (push.Status, Text(push.Reply, "outcome")));
        Assert.Equal((HttpStatusCode.Accepted, "not-an-issue"), (onPullRequest.Status, Text(onPullRequest.Reply, "outcome")));
        Assert.Equal((HttpStatusCode.BadRequest, "missing X-GitHub-Event"), (noEvent.Status, Text(noEvent.Reply, "error")));
        Assert.Equal(HttpStatusCode.BadRequest, noDeliveryId.Status);
        Assert.StartsWith("missing X-GitHub-Delivery", Text(noDeliveryId.Reply, "error"));
        Assert.Equal((HttpStatusCode.BadRequest, "the issues delivery has no issue.id / issue.number"), (notAnIssue.Status, Text(notAnIssue.Reply, "error")));
        Assert.Equal(pullsBefore, PullJobCount(s));
    }

    [Fact]
    public async Task A_target_without_a_webhook_secret_has_no_endpoint_and_says_why()
    {
        await using var s = await GitHubSyncScenario.StartAsync(webhookSecret: null);
        var (issue, _) = await LinkedIssueAsync(s, "Add alerting");
        var body = IssueDelivery("edited", issue, "bob");

        // Whatever the sender signs with, or if it signs at all (GitHub sends unsigned deliveries when its webhook has no secret).
        var signed = await PostAsync(s, "issues", body, Guid.NewGuid().ToString());
        var unsigned = await PostAsync(s, "issues", body, Guid.NewGuid().ToString(), signature: "");
        var unknownTarget = await PostAsync(s, "issues", body, Guid.NewGuid().ToString(), target: "nosuchtarget");

        foreach (var refused in new[] { signed, unsigned })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Equal($"the GitHub webhook of target '{GitHubSyncScenario.TargetName}' is off: set its WebhookSecret (and the same secret on GitHub's webhook) to turn it on",
                Text(refused.Reply, "error"));
        }
        Assert.Equal((HttpStatusCode.NotFound, "no GitHub sync target named 'nosuchtarget' is configured"),
            (unknownTarget.Status, Text(unknownTarget.Reply, "error")));
        await using var db = s.Db();
        Assert.False(await db.WebhookDeliveries.AnyAsync());
    }

    public static TheoryData<string> RecordedPayloads =>
        ["issues.opened", "issues.edited", "issues.labeled", "issues.assigned", "issues.transferred", "issue_comment.created"];

    [Theory]
    [MemberData(nameof(RecordedPayloads))]
    public async Task A_recorded_github_delivery_of_a_linked_issue_queues_one_pull_and_its_redelivery_none(string payload)
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var body = await File.ReadAllBytesAsync(Path.Combine(GitHubFixtures.Directory, "webhooks", payload + ".json"));
        var recorded = JsonNode.Parse(body)!;
        var repository = recorded["repository"]!["full_name"]!.GetValue<string>();
        var number = recorded["issue"]!["number"]!.GetValue<int>();
        // The issue the recording names, on the fake (with the fake's own id), linked to an item and filled.
        var issue = s.GitHub.CreateIssue(s.GitHub.Alice, repository, recorded["issue"]!["title"]!.GetValue<string>());
        Assert.Equal(number, issue.Number);
        var item = await s.CreateLinkedItemAsync("Recorded", $"{repository}#{number}");
        await s.DrainAsync();
        Assert.Equal(TrackerLinkState.Linked, (await s.LoadAsync(item.Id)).Link.State);
        s.GitHub.EditIssue(s.GitHub.Bob, repository, number, i => i.Title = "Changed on GitHub");
        var pullsBefore = PullJobCount(s);
        var deliveryId = Guid.NewGuid().ToString();
        var eventName = payload[..payload.IndexOf('.', StringComparison.Ordinal)];

        var delivery = await PostAsync(s, eventName, body, deliveryId);
        await s.QuietAsync();
        var redelivery = await PostAsync(s, eventName, body, deliveryId);
        await s.QuietAsync();

        Assert.Equal((HttpStatusCode.Accepted, "queued", $"{repository}#{number}"), (delivery.Status, Text(delivery.Reply, "outcome"), Text(delivery.Reply, "issue")));
        Assert.Equal("duplicate", Text(redelivery.Reply, "outcome"));
        Assert.Equal(pullsBefore + 1, PullJobCount(s));
        Assert.Equal("Changed on GitHub", (await s.LoadAsync(item.Id)).Item.Title);
    }

    [Fact]
    public async Task A_recorded_delivery_for_an_issue_no_item_links_queues_nothing_and_reads_no_issue()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        await LinkedIssueAsync(s, "Add alerting");
        var body = await File.ReadAllBytesAsync(Path.Combine(GitHubFixtures.Directory, "webhooks", "issues.opened.json"));
        s.GitHub.ResetRequests();
        var pullsBefore = PullJobCount(s);

        var delivery = await PostAsync(s, "issues", body, Guid.NewGuid().ToString());
        await s.QuietAsync();

        Assert.Equal((HttpStatusCode.Accepted, "not-linked", "Codertocat/Hello-World#1"),
            (delivery.Status, Text(delivery.Reply, "outcome"), Text(delivery.Reply, "issue")));
        Assert.Equal(pullsBefore, PullJobCount(s));
        // No issue read (recurring jobs of the host may ask GET /user meanwhile; the delivery itself asks nothing).
        Assert.True(s.GitHub.RequestCount(pathPrefix: "/repos/") == 0, string.Join(", ", s.GitHub.Requests.Select(r => r.Method + " " + r.PathAndQuery)));
    }

    // ---------------------------------------------------------------- helpers

    private static async Task<(FakeIssue Issue, ActionItem Item)> LinkedIssueAsync(GitHubSyncScenario s, string title)
    {
        var issue = s.GitHub.CreateIssue(s.GitHub.Alice, Repo, title);
        var item = await s.CreateLinkedItemAsync(title, $"{Repo}#{issue.Number}");
        await s.DrainAsync();
        Assert.Equal(TrackerLinkState.Linked, (await s.LoadAsync(item.Id)).Link.State);
        return (issue, item);
    }

    /// <summary>The recorded <c>issues.edited</c> payload re-aimed at an issue of the fake, with another action and sender.</summary>
    private static byte[] IssueDelivery(string action, FakeIssue issue, string sender)
    {
        var payload = JsonNode.Parse(File.ReadAllText(Path.Combine(GitHubFixtures.Directory, "webhooks", "issues.edited.json")))!.AsObject();
        payload["action"] = action;
        payload["issue"]!["id"] = issue.Id;
        payload["issue"]!["number"] = issue.Number;
        payload["issue"]!["title"] = issue.Title;
        payload["repository"]!["full_name"] = issue.Repository;
        payload["sender"]!["login"] = sender;
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    /// <summary>Posts a delivery as GitHub does (signed with the scenario's secret unless <paramref name="signature"/> is given).</summary>
    private static async Task<(HttpStatusCode Status, JsonObject Reply)> PostAsync(GitHubSyncScenario s, string eventName, byte[] body, string deliveryId,
        string? signature = null, string target = GitHubSyncScenario.TargetName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(s.Host.Address!, $"/webhooks/github/{target}"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(GitHubWebhook.EventHeader, eventName);
        request.Headers.TryAddWithoutValidation(GitHubWebhook.DeliveryHeader, deliveryId);
        request.Headers.TryAddWithoutValidation(GitHubWebhook.SignatureHeader, signature ?? GitHubWebhook.Sign(GitHubSyncScenario.WebhookSecret, body));
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        using var http = new HttpClient();
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static string? Text(JsonObject reply, string name) => reply[name]?.GetValue<string>();

    /// <summary>How many pulls were ever queued (every state: the test's Hangfire schema numbers its jobs from 1).</summary>
    private static int PullJobCount(GitHubSyncScenario s)
    {
        using var connection = s.Host.Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var count = 0;
        for (var id = 1L; connection.GetJobData(id.ToString(CultureInfo.InvariantCulture)) is { } data; id++)
        {
            count += data.Job?.Type == typeof(PullRemoteObjectJob) ? 1 : 0;
        }
        return count;
    }
}
