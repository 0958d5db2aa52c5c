using System.Globalization;
using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Sync.Engine;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>
/// The sync engine with a GitHub target against the fake GitHub, mirroring the Phorge scenarios (Sync/Engine): push,
/// local and remote edits, the idle poll's cost, a lost create answer, and what an update must leave alone.
/// </summary>
[Collection(SyncScenario.Collection)]
public class GitHubSyncScenarioTests
{
    private const string Repo = GitHubSyncScenario.Repository;

    [Fact]
    public async Task A_new_item_under_push_policy_creates_exactly_one_labelled_issue_with_the_hidden_sync_key_and_reads_nothing_back()
    {
        await using var s = await GitHubSyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates", "Before they expire", (i, c) => i.SetPriority(Priority.High, c));

        await s.DrainAsync();
        await s.DrainAsync();

        var (_, link) = await s.LoadAsync(item.Id);
        var issue = Assert.Single(s.GitHub.AllIssues(Repo), i => i.Title == "Rotate the TLS certificates");
        Assert.Equal((TrackerLinkState.Linked, $"{Repo}#{issue.Number}", issue.Id.ToString(CultureInfo.InvariantCulture)),
            (link.State, link.RemoteId, link.RemoteInternalId));
        Assert.Equal($"Before they expire\n\n<!-- actionitems:sync-key={link.SyncKey:D} -->", issue.Body);
        Assert.Equal(["incident-followup", "priority:high"], issue.Labels.Order());
        Assert.Equal(1, s.GitHub.RequestCount("POST"));
        // The create's answer is the issue: no read-back.
        Assert.Equal(0, s.GitHub.RequestCount("GET", $"/repos/{Repo}/issues/{issue.Number}"));
    }

    [Fact]
    public async Task A_local_change_sends_one_patch_with_only_the_changed_fields_and_the_next_poll_changes_nothing()
    {
        await using var s = await GitHubSyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates", "Before they expire");
        await s.DrainAsync();
        await s.PollAsync();
        s.GitHub.ResetRequests();

        await s.ChangeItemAsync(item.Id, (i, c) =>
        {
            i.SetTitle("Rotate the TLS certificates yearly", c);
            i.SetStatus(ActionItemStatus.InProgress, c);
        });
        await s.DrainAsync();

        var patch = Assert.Single(s.GitHub.Requests, r => r.Method == "PATCH");
        Assert.Equal(["labels", "state", "title"], JsonNode.Parse(patch.Body!)!.AsObject().Select(p => p.Key).Order());
        var issue = s.GitHub.AllIssues(Repo).Single(i => i.Title == "Rotate the TLS certificates yearly");
        Assert.Contains("status:in-progress", issue.Labels);

        var historyBefore = (await s.LoadAsync(item.Id)).Item.History.Count;
        s.GitHub.ResetRequests();
        await s.PollAsync();
        await s.DrainAsync();

        Assert.Equal(historyBefore, (await s.LoadAsync(item.Id)).Item.History.Count);
        Assert.Equal(0, s.GitHub.RequestCount("PATCH"));
    }

    [Fact]
    public async Task A_remote_change_is_pulled_with_github_origin_and_an_idle_poll_is_one_request_answered_304()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var issue = s.GitHub.CreateIssue(s.GitHub.Alice, Repo, "Add alerting", labels: ["priority:low"]);
        var item = await s.CreateLinkedItemAsync("Add alerting", $"{Repo}#{issue.Number}");
        await s.DrainAsync();
        await s.PollAsync();
        var (filled, filledLink) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Linked, issue.Id.ToString(CultureInfo.InvariantCulture), Priority.Low),
            (filledLink.State, filledLink.RemoteInternalId, filled.Priority));

        s.GitHub.EditIssue(s.GitHub.Bob, Repo, issue.Number, i =>
        {
            i.Title = "Add alerting on saturation";
            i.State = "closed";
        });
        await s.PollAsync();

        var (pulled, link) = await s.LoadAsync(item.Id);
        Assert.Equal(("Add alerting on saturation", ActionItemStatus.Resolved, TrackerLinkState.Linked), (pulled.Title, pulled.Status, link.State));
        Assert.Contains(pulled.History, h => h.Field == HistoryFields.Title && h.Origin == ChangeOrigin.GitHub && h.NewValue == "Add alerting on saturation");
        Assert.Equal(0, s.GitHub.RequestCount("PATCH"));

        // The poll after a change settles its cursor; from then on nothing new costs one conditional request.
        await s.PollAsync();
        s.GitHub.ResetRequests();
        var remaining = s.GitHub.RateLimitRemaining;
        await s.PollAsync();

        var idle = Assert.Single(s.GitHub.Requests);
        Assert.Equal(("GET", 304), (idle.Method, idle.Status));
        Assert.NotNull(idle.IfNoneMatch);
        Assert.Equal(remaining, s.GitHub.RateLimitRemaining);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_found_by_its_marker_on_the_retry_and_makes_exactly_one_issue()
    {
        await using var s = await GitHubSyncScenario.StartAsync(pushPolicy: "NewItems");
        s.GitHub.InjectFault(GitHubFault.ApplyThenDropConnection, "POST", $"/repos/{Repo}/issues");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");

        await s.DrainAsync();
        Assert.Equal(TrackerLinkState.PendingCreate, (await s.LoadAsync(item.Id)).Link.State);
        Assert.Single(s.GitHub.AllIssues(Repo), i => i.Title == "Rotate the TLS certificates");

        await s.RunScheduledNowAsync();

        var (_, link) = await s.LoadAsync(item.Id);
        var issue = Assert.Single(s.GitHub.AllIssues(Repo), i => i.Title == "Rotate the TLS certificates");
        Assert.Equal((TrackerLinkState.Linked, $"{Repo}#{issue.Number}"), (link.State, link.RemoteId));
        Assert.Equal(1, s.GitHub.RequestCount("POST"));
        Assert.Contains(s.GitHub.Requests, r => r.Method == "GET" && r.PathAndQuery.Contains("creator=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_change_leaves_the_milestone_and_labels_we_do_not_own_on_the_issue()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var issue = s.GitHub.CreateIssue(s.GitHub.Alice, Repo, "Add paging", labels: ["bug", "team:sre", "priority:low"], milestone: (7, "2026-Q4"));
        var item = await s.CreateLinkedItemAsync("Add paging", $"{Repo}#{issue.Number}");
        await s.DrainAsync();
        s.GitHub.ResetRequests();

        await s.ChangeItemAsync(item.Id, (i, c) =>
        {
            i.SetPriority(Priority.High, c);
            i.SetStatus(ActionItemStatus.Resolved, c);
        });
        await s.DrainAsync();

        var patch = Assert.Single(s.GitHub.Requests, r => r.Method == "PATCH");
        Assert.DoesNotContain("milestone", patch.Body!, StringComparison.Ordinal);
        var stored = s.GitHub.Find(Repo, issue.Number)!;
        Assert.Equal((7, "2026-Q4"), stored.Milestone);
        Assert.Equal(["bug", "priority:high", "team:sre"], stored.Labels.Order());
        Assert.Equal(("closed", "completed"), (stored.State, stored.StateReason));
        Assert.Equal(TrackerLinkState.Linked, (await s.LoadAsync(item.Id)).Link.State);
    }
}
