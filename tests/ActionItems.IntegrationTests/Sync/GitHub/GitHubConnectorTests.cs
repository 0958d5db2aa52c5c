using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>The GitHub connector against the fake GitHub over real HTTP: what it sends, what it reads, what it costs.</summary>
public class GitHubConnectorTests
{
    private const string Repo = GitHubConnectorHarness.Repository;
    private static readonly CancellationToken None = CancellationToken.None;

    private static RemoteDraft Draft(string title, Action<RemoteFields>? _ = null, ActionItemStatus status = ActionItemStatus.Open,
        Priority priority = Priority.Unset, string? owner = null, string? description = null) =>
        new(Guid.NewGuid(), new RemoteFields
        {
            Title = title, Status = status, Priority = priority, OwnerAccountId = owner, Description = description, Tags = [],
        });

    [Fact]
    public async Task WhoAmI_is_the_tokens_login_and_asked_once_per_target()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();

        var me = await h.Connector().WhoAmIAsync(None);
        var again = await h.Connector().WhoAmIAsync(None);

        Assert.Equal((h.Fake.Syncbot.Login, h.Fake.Syncbot.Login), (me.Id, again.Id));
        Assert.Equal(1, h.Fake.RequestCount("GET", "/user"));
    }

    [Fact]
    public async Task Create_sends_title_body_with_hidden_marker_labels_and_assignee_in_one_request_and_returns_the_issue_keyed_on_its_id()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var draft = Draft("Rotate the TLS certificates", status: ActionItemStatus.InProgress, priority: Priority.High, owner: "alice",
            description: "Before they expire");

        var written = await h.Connector().CreateAsync(draft, None);

        var issue = Assert.Single(h.Fake.AllIssues(Repo), i => i.Title == "Rotate the TLS certificates");
        Assert.Equal($"Before they expire\n\n<!-- actionitems:sync-key={draft.SyncKey:D} -->", issue.Body);
        Assert.Equal(["incident-followup", "priority:high", "status:in-progress"], issue.Labels.Order());
        Assert.Equal(["alice"], issue.Assignees);
        Assert.Equal((issue.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{Repo}#{issue.Number}"), (written.InternalId, written.RemoteId));
        Assert.NotNull(written.Item);
        Assert.Equal((ActionItemStatus.InProgress, Priority.High, "alice", "Before they expire"),
            (written.Item.Fields.Status, written.Item.Fields.Priority, written.Item.Fields.OwnerAccountId, written.Item.Fields.Description));
        Assert.Equal(draft.SyncKey, written.Item.SyncKey);
        Assert.Equal(1, h.Fake.RequestCount("POST"));
    }

    [Fact]
    public async Task A_closed_status_is_created_then_closed_with_its_reason_and_read_back_as_such()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();

        var written = await h.Connector().CreateAsync(Draft("Old follow-up", status: ActionItemStatus.Invalid), None);

        var issue = h.Fake.AllIssues(Repo).Single(i => i.Title == "Old follow-up");
        Assert.Equal(("closed", "not_planned"), (issue.State, issue.StateReason));
        Assert.Contains("status:invalid", issue.Labels);
        Assert.Equal(ActionItemStatus.Invalid, written.Item!.Fields.Status);
    }

    [Theory]
    [InlineData("open", null, new string[0], ActionItemStatus.Open)]
    [InlineData("open", "reopened", new[] { "status:stalled" }, ActionItemStatus.Stalled)]
    [InlineData("open", null, new[] { "status:in-progress", "bug" }, ActionItemStatus.InProgress)]
    [InlineData("open", null, new[] { "status:invalid" }, ActionItemStatus.Open)]
    [InlineData("closed", "completed", new string[0], ActionItemStatus.Resolved)]
    [InlineData("closed", null, new string[0], ActionItemStatus.Resolved)]
    [InlineData("closed", "not_planned", new string[0], ActionItemStatus.Declined)]
    [InlineData("closed", "not_planned", new[] { "status:invalid" }, ActionItemStatus.Invalid)]
    [InlineData("closed", "completed", new[] { "status:in-progress" }, ActionItemStatus.Resolved)]
    [InlineData("closed", "duplicate", new string[0], ActionItemStatus.Duplicate)]
    public async Task Issue_state_reason_and_status_labels_read_as_local_statuses(string state, string? reason, string[] labels, ActionItemStatus expected)
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var issue = h.Fake.CreateIssue(h.Fake.Alice, Repo, "Status check", labels: labels);
        h.Fake.EditIssue(h.Fake.Alice, Repo, issue.Number, i =>
        {
            i.State = state;
            i.StateReason = reason;
        });
        if (state == "open")
        {
            h.Fake.EditIssue(h.Fake.Alice, Repo, issue.Number, i => i.StateReason = reason);
        }

        var item = Assert.Single(await h.Connector().FetchAsync([$"{Repo}#{issue.Number}"], None));

        Assert.Equal(expected, item.Fields.Status);
    }

    [Fact]
    public async Task Priority_labels_and_project_tags_are_read_from_labels_and_a_status_map_overrides_the_defaults()
    {
        await using var h = await GitHubConnectorHarness.StartAsync(t => t.StatusMap["blocked"] = ActionItemStatus.Stalled);
        var issue = h.Fake.CreateIssue(h.Fake.Alice, Repo, "Labelled", labels: ["priority:low", "Incident-Followup", "status:blocked", "team:sre"]);

        var item = Assert.Single(await h.Connector().FetchAsync([$"{Repo}#{issue.Number}"], None));

        Assert.Equal((Priority.Low, ActionItemStatus.Stalled, "blocked"), (item.Fields.Priority, item.Fields.Status, item.Fields.RemoteStatus));
        Assert.Equal(["incident-followup"], item.Fields.Tags);
    }

    [Fact]
    public async Task Fetch_by_issue_id_reads_an_issue_by_its_id_also_in_a_new_process_and_a_deleted_one_is_absent()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var issue = h.Fake.CreateIssue(h.Fake.Alice, Repo, "Keyed on id");
        var id = issue.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Never seen by this process: found by listing the repository.
        var cold = Assert.Single(await h.Connector().FetchAsync([id], None));
        h.Fake.ResetRequests();
        var warm = Assert.Single(await h.Connector().FetchAsync([id], None));

        Assert.Equal((id, $"{Repo}#{issue.Number}"), (cold.InternalId, cold.RemoteId));
        Assert.Equal(cold.InternalId, warm.InternalId);
        Assert.Equal(1, h.Fake.RequestCount("GET", $"/repos/{Repo}/issues/{issue.Number}"));
        Assert.Empty(await h.Connector().FetchAsync([$"{Repo}#999"], None));
    }

    [Fact]
    public async Task Update_sends_one_patch_with_only_the_changed_fields_keeping_the_milestone_and_labels_we_do_not_own()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var issue = h.Fake.CreateIssue(h.Fake.Alice, Repo, "Keep my milestone", labels: ["bug", "priority:low", "incident-followup"],
            milestone: (4, "Q1"));
        var connector = h.Connector();
        var remote = Assert.Single(await connector.FetchAsync([$"{Repo}#{issue.Number}"], None));
        h.Fake.ResetRequests();

        var result = await connector.UpdateAsync(new RemoteItemRef(remote.RemoteId, remote.InternalId, null),
            new RemoteFieldChanges { Priority = Priority.High, Status = ActionItemStatus.Resolved, TagsToRemove = ["incident-followup"] }, None);

        var patch = Assert.Single(h.Fake.Requests);
        Assert.Equal("PATCH", patch.Method);
        var sent = JsonNode.Parse(patch.Body!)!.AsObject();
        Assert.Equal(["labels", "state", "state_reason"], sent.Select(p => p.Key).Order());
        var stored = h.Fake.Find(Repo, issue.Number)!;
        Assert.Equal((4, "Q1"), stored.Milestone);
        Assert.Equal(["bug", "priority:high"], stored.Labels.Order());
        Assert.Equal(("closed", "completed"), (stored.State, stored.StateReason));
        Assert.Equal((ActionItemStatus.Resolved, Priority.High), (result.Item!.Fields.Status, result.Item.Fields.Priority));
    }

    [Fact]
    public async Task Update_of_title_description_and_owner_keeps_the_marker_and_reassigns()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var created = await h.Connector().CreateAsync(Draft("First title", owner: "alice", description: "First"), None);
        var key = created.Item!.SyncKey;

        await h.Connector().UpdateAsync(new RemoteItemRef(created.RemoteId, created.InternalId, key),
            new RemoteFieldChanges { Title = "Second title", Description = "Second", OwnerAccountId = "bob" }, None);
        var cleared = await h.Connector().UpdateAsync(new RemoteItemRef(created.RemoteId, created.InternalId, key),
            new RemoteFieldChanges { ClearOwner = true }, None);

        var issue = h.Fake.AllIssues(Repo).Single(i => i.Title == "Second title");
        Assert.Equal($"Second\n\n<!-- actionitems:sync-key={key:D} -->", issue.Body);
        Assert.Empty(issue.Assignees);
        Assert.Null(cleared.Item!.Fields.OwnerAccountId);
        Assert.Equal("Second", cleared.Item.Fields.Description);
    }

    [Fact]
    public async Task A_refused_value_is_a_permanent_error_naming_the_field()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector().CreateAsync(Draft("Assigned to a stranger", owner: "mallory"), None));

        Assert.Equal("422", error.Code);
        Assert.Contains("Validation Failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("assignees invalid", error.Message, StringComparison.Ordinal);
        Assert.False(error.AffectsWholeTarget);
    }

    [Fact]
    public async Task A_bad_token_halts_the_target_and_an_exhausted_rate_limit_says_when_to_retry()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var badToken = new SyncTargetOptions
        {
            Kind = TrackerKind.GitHub, Name = "github", BaseUrl = h.Target.BaseUrl, Token = "ghp_wrong", Repository = h.Target.Repository,
        };

        var refused = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector(badToken).FetchChangedAsync("2026-11-24T12:00:00Z", None));
        h.Fake.InjectFault(GitHubFault.RateLimited, "GET", "/issues");
        var limited = await Assert.ThrowsAsync<TrackerRateLimitedException>(() => h.Connector().FetchChangedAsync("2026-11-24T12:00:00Z", None));

        Assert.True(refused.AffectsWholeTarget);
        Assert.True(limited.RetryAt > new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_lost_answer_to_a_create_is_an_unknown_outcome_and_the_issue_is_found_by_its_marker()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var since = h.Clock.GetUtcNow();
        h.Fake.CreateIssue(h.Fake.Alice, Repo, "Someone else's, same words", body: "<!-- actionitems:sync-key=00000000-0000-0000-0000-000000000001 -->");
        h.Fake.InjectFault(GitHubFault.ApplyThenDropConnection, "POST", "/issues");
        var draft = Draft("Lost answer");

        await Assert.ThrowsAsync<TrackerUnknownOutcomeException>(() => h.Connector().CreateAsync(draft, None));
        var found = await h.Connector().FindBySyncKeyAsync(draft.SyncKey, since, None);
        var other = await h.Connector().FindBySyncKeyAsync(Guid.Parse("00000000-0000-0000-0000-000000000001"), since, None);

        Assert.NotNull(found);
        Assert.Equal("Lost answer", found.Fields.Title);
        // Only issues our account opened count: someone else's copy of a marker is not ours.
        Assert.Null(other);
        Assert.DoesNotContain(h.Fake.Requests, r => r.PathAndQuery.Contains("/search/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bulk_change_in_one_second_is_paged_by_link_pull_requests_are_skipped_and_an_idle_poll_is_one_request_answered_304()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var start = await h.Connector().FetchChangedAsync(null, None);
        // 120 issues in one second: asking again from that second cannot get past them, so the walk follows Link there.
        h.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        for (var i = 0; i < 120; i++)
        {
            h.Fake.CreateIssue(h.Fake.Alice, Repo, $"Follow-up {i}");
        }
        h.Clock.AutoAdvanceAmount = TimeSpan.FromSeconds(1);
        h.Fake.CreateIssue(h.Fake.Alice, Repo, "A pull request", pullRequest: true);
        h.Fake.ResetRequests();

        var pages = new List<RemoteChangePage>();
        var cursor = start.NextCursor;
        do
        {
            var page = await h.Connector().FetchChangedAsync(cursor, None);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (pages[^1].HasMore);

        // Page 1 (from the cursor), page 1 of the bulk second (asked from it), page 2 of it by its Link.
        Assert.Equal(3, pages.Count);
        // The overlap also returns the issue the watch started at (never handed out before): 120 new plus that one.
        Assert.Equal(121, pages.SelectMany(p => p.Items).Select(i => i.InternalId).Distinct().Count());
        Assert.Equal(120, pages.SelectMany(p => p.Items).Count(i => i.Fields.Title.StartsWith("Follow-up ", StringComparison.Ordinal)));
        Assert.DoesNotContain(pages.SelectMany(p => p.Items), i => i.Fields.Title == "A pull request");
        Assert.Contains(h.Fake.Requests, r => r.PathAndQuery.StartsWith("/repositories/", StringComparison.Ordinal));

        // Once GitHub's clock is past the bulk second, the poll that re-reads the overlap (handing out nothing) moves the
        // cursor after it; the one after that asks a new URL (empty); from then on an idle poll is one request answered 304.
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        cursor = await WalkAsync(h, cursor);
        cursor = await WalkAsync(h, cursor);
        h.Fake.ResetRequests();
        var remaining = h.Fake.RateLimitRemaining;
        var idle = await h.Connector().FetchChangedAsync(cursor, None);

        Assert.Equal((false, 0), (idle.HasMore, idle.Items.Count));
        Assert.Equal(304, Assert.Single(h.Fake.Requests).Status);
        Assert.Equal(remaining, h.Fake.RateLimitRemaining);

        h.Fake.EditIssue(h.Fake.Bob, Repo, 3, i => i.Title = "Renamed on GitHub");
        var changed = await h.Connector().FetchChangedAsync(idle.NextCursor, None);
        Assert.Equal("Renamed on GitHub", Assert.Single(changed.Items).Fields.Title);
    }

    private static async Task<string> WalkAsync(GitHubConnectorHarness h, string cursor)
    {
        RemoteChangePage page;
        do
        {
            page = await h.Connector().FetchChangedAsync(cursor, None);
            Assert.Empty(page.Items);
            cursor = page.NextCursor;
        }
        while (page.HasMore);
        return cursor;
    }

    [Fact]
    public async Task An_issue_updated_while_a_poll_is_between_pages_shifts_no_other_issue_out_of_the_walk()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        var start = await h.Connector().FetchChangedAsync(null, None);
        var created = Enumerable.Range(0, 150).Select(i => h.Fake.CreateIssue(h.Fake.Alice, Repo, $"Follow-up {i}")).ToList();

        var first = await h.Connector().FetchChangedAsync(start.NextCursor, None);
        // Moves to the end of the updated_at order: with page numbers, the issue that opened page 2 would now close page 1.
        h.Fake.EditIssue(h.Fake.Bob, Repo, created[10].Number, i => i.Title = "Follow-up 10, edited");
        var items = first.Items.ToList();
        var cursor = first.NextCursor;
        for (var more = first.HasMore; more;)
        {
            var page = await h.Connector().FetchChangedAsync(cursor, None);
            items.AddRange(page.Items);
            (cursor, more) = (page.NextCursor, page.HasMore);
        }

        Assert.True(first.HasMore);
        Assert.Equal(created.Select(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
            items.Where(i => i.Fields.Title.StartsWith("Follow-up", StringComparison.Ordinal)).Select(i => i.InternalId).Distinct().Order());
        Assert.Contains(items, i => i.Fields.Title == "Follow-up 10, edited");
    }
}
