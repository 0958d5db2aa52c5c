using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>
/// What each sync operation costs in GitHub requests, counted by the fake (issue 16, calls at the floor): a first fill of
/// N linked issues is ceil(N/100) list requests, a drain of N new items N creates, a local edit one read and one PATCH
/// with labels only when they change; and the fake's primary rate limit, which the benchmark relies on.
/// The idle poll (one request answered 304) is in <see cref="GitHubSyncScenarioTests"/>.
/// </summary>
[Collection(SyncScenario.Collection)]
public class GitHubCallFloorTests
{
    private const string Repo = GitHubSyncScenario.Repository;
    private static readonly CancellationToken None = CancellationToken.None;

    private static List<GitHubRequest> Sent(GitHubSyncScenario s) =>
        [.. s.GitHub.Requests.Where(r => !(r.Method == "GET" && r.PathAndQuery == "/user"))];

    [Fact]
    public async Task A_first_fill_of_150_linked_issues_is_two_list_requests_and_their_history_costs_none()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var issues = Enumerable.Range(1, 150)
            .Select(n => s.GitHub.CreateIssue(s.GitHub.Alice, Repo, $"Follow-up {n}", labels: n % 2 == 0 ? ["priority:high"] : []))
            .ToList();
        // Edited after their creation: a fill marks them as owing their history (openAt).
        foreach (var issue in issues.Where(i => i.Number % 10 == 0))
        {
            s.GitHub.EditIssue(s.GitHub.Bob, Repo, issue.Number, i => i.State = "closed");
        }
        var items = new List<ActionItem>();
        foreach (var issue in issues)
        {
            items.Add(await s.CreateLinkedItemAsync("from the postmortem", $"{Repo}#{issue.Number}"));
        }
        s.GitHub.ResetRequests();

        await s.RunAsync<FillTargetJob>(j => j.RunAsync(s.TargetId, None));

        var sent = Sent(s);
        Assert.All(sent, r => Assert.True(r.Method == "GET" && r.PathAndQuery.Contains("/issues?", StringComparison.Ordinal), r.PathAndQuery));
        Assert.Equal(2, sent.Count);
        await using (var db = s.Db())
        {
            var links = db.TrackerLinks.Where(l => l.SyncTargetId == s.TargetId).ToList();
            Assert.All(links, l => Assert.Equal(TrackerLinkState.Linked, l.State));
            Assert.Equal(150, db.ActionItems.Count(i => i.Title.StartsWith("Follow-up ")));
            Assert.Equal(15, db.ActionItems.Count(i => i.Status == ActionItemStatus.Resolved));
        }

        // The timeline is not read yet (README, GitHub target): what the fill owes costs no request.
        s.GitHub.ResetRequests();
        await s.RunAsync<BackfillHistoryJob>(j => j.RunAsync(s.TargetId, None));
        Assert.Empty(Sent(s));
    }

    [Fact]
    public async Task A_drain_of_three_new_items_is_three_creates_and_nothing_else()
    {
        await using var s = await GitHubSyncScenario.StartAsync(pushPolicy: "NewItems");
        s.GitHub.ResetRequests();
        for (var n = 1; n <= 3; n++)
        {
            await s.CreateItemAsync($"Rotate the certificates of cluster {n}", "Before they expire", (i, c) => i.SetPriority(Priority.High, c));
        }

        await s.DrainAsync();

        var sent = Sent(s);
        Assert.Equal(3, sent.Count);
        Assert.All(sent, r => Assert.Equal(("POST", $"/repos/{Repo}/issues", 201), (r.Method, r.PathAndQuery, r.Status)));
        Assert.Equal(3, s.GitHub.AllIssues(Repo).Count(i => i.Labels.Contains("priority:high")));
    }

    [Fact]
    public async Task A_local_edit_is_one_read_and_one_patch_that_sends_labels_only_when_they_change()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        var issue = s.GitHub.CreateIssue(s.GitHub.Alice, Repo, "Add paging", labels: ["bug", "priority:low"]);
        var item = await s.CreateLinkedItemAsync("Add paging", $"{Repo}#{issue.Number}");
        await s.DrainAsync();

        // Open → Resolved is the issue's state alone: no label changes, so no labels key.
        s.GitHub.ResetRequests();
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c));
        await s.DrainAsync();

        var sent = Sent(s);
        Assert.Equal([("GET", $"/repos/{Repo}/issues/{issue.Number}"), ("PATCH", $"/repos/{Repo}/issues/{issue.Number}")],
            sent.Select(r => (r.Method, r.PathAndQuery)));
        Assert.Equal(["state", "state_reason"], JsonNode.Parse(sent[1].Body!)!.AsObject().Select(p => p.Key).Order());
        var closed = s.GitHub.Find(Repo, issue.Number)!;
        Assert.Equal("closed", closed.State);
        Assert.Equal(["bug", "priority:low"], closed.Labels.Order());

        // A priority change is a label change: still one PATCH, the labels in it (no separate label calls).
        s.GitHub.ResetRequests();
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetPriority(Priority.High, c));
        await s.DrainAsync();

        var patch = Assert.Single(Sent(s), r => r.Method != "GET");
        Assert.Equal("PATCH", patch.Method);
        Assert.Equal(["labels"], JsonNode.Parse(patch.Body!)!.AsObject().Select(p => p.Key));
        Assert.Equal(["bug", "priority:high"], s.GitHub.Find(Repo, issue.Number)!.Labels.Order());
    }

    [Fact]
    public async Task Fewer_than_ten_issues_of_a_repository_are_read_one_get_each_and_ten_list_it()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        for (var n = 2; n <= 20; n++)
        {
            h.Fake.CreateIssue(h.Fake.Alice, GitHubConnectorHarness.Repository, $"Follow-up {n}");
        }
        var belowTheFloor = Enumerable.Range(1, GitHubConnector.MinIssuesWorthListing - 1).Select(RemoteIdOf).ToList();
        h.Fake.ResetRequests();

        Assert.Equal(belowTheFloor.Count, (await h.Connector().FetchAsync(belowTheFloor, None)).Count);

        Assert.Equal(Enumerable.Range(1, belowTheFloor.Count).Select(n => $"/repos/{GitHubConnectorHarness.Repository}/issues/{n}"),
            h.Fake.Requests.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal));

        // One more issue is worth listing: the repository's one page instead of ten GETs.
        var atTheFloor = Enumerable.Range(11, GitHubConnector.MinIssuesWorthListing).Select(RemoteIdOf).ToList();
        h.Fake.ResetRequests();

        Assert.Equal(atTheFloor.Count, (await h.Connector().FetchAsync(atTheFloor, None)).Count);

        var list = Assert.Single(h.Fake.Requests);
        Assert.StartsWith($"/repos/{GitHubConnectorHarness.Repository}/issues?", list.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_few_issues_of_a_large_repository_do_not_list_it_whole()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        // Twelve pages of 100: the ten wanted issues are all past the first page, and fewer than the eleven pages left.
        for (var n = 2; n <= 1200; n++)
        {
            h.Fake.CreateIssue(h.Fake.Alice, GitHubConnectorHarness.Repository, $"Follow-up {n}");
        }
        var wanted = Enumerable.Range(1191, 10).Select(RemoteIdOf).ToList();
        h.Fake.ResetRequests();

        Assert.Equal(wanted.Count, (await h.Connector().FetchAsync(wanted, None)).Count);

        // The first page (it tells how many are left), then one GET per wanted issue.
        var sent = h.Fake.Requests.ToList();
        Assert.Equal(11, sent.Count);
        Assert.StartsWith($"/repos/{GitHubConnectorHarness.Repository}/issues?", Assert.Single(sent, r => r.PathAndQuery.Contains('?', StringComparison.Ordinal)).PathAndQuery,
            StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1191, 10).Select(n => $"/repos/{GitHubConnectorHarness.Repository}/issues/{n}"),
            sent.Select(r => r.PathAndQuery).Where(p => !p.Contains('?', StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_stored_answers_are_pruned_to_the_newest_max_entries_every_prune_every_stores()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var h = await GitHubConnectorHarness.StartAsync(database: database.Options);
        h.ResponseCache.MaxEntries = 1;
        h.ResponseCache.PruneEvery = 3;
        string[] cursors = ["2026-11-24T11:00:00Z", "2026-11-24T11:01:00Z", "2026-11-24T11:02:00Z"];

        // Three different pages, three answers stored; the table may exceed its bound until the third store prunes it.
        await h.Connector().FetchChangedAsync(cursors[0], None);
        await h.Connector().FetchChangedAsync(cursors[1], None);
        var storedBefore = await StoredUrlsAsync(database, until: urls => urls.Count >= 2);
        Assert.Equal(2, storedBefore.Count);
        await h.Connector().FetchChangedAsync(cursors[2], None);

        Assert.Equal(3, h.Fake.Requests.Count(r => r is { Method: "GET", Status: 200 }));
        // Only the newest answer, the third page's, is kept.
        var kept = Assert.Single(await StoredUrlsAsync(database, until: urls => urls.Count == 1));
        Assert.DoesNotContain(kept, storedBefore);
    }

    /// <summary>The URLs of the stored answers, once <paramref name="until"/> holds or after ten seconds.</summary>
    private static async Task<List<string>> StoredUrlsAsync(TestDatabase database, Func<List<string>, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        await using var db = database.CreateContext();
        while (true)
        {
            var urls = await db.GitHubCachedResponses.AsNoTracking().Select(r => r.Url).ToListAsync();
            if (until(urls) || DateTime.UtcNow > deadline)
            {
                return urls;
            }
            await Task.Delay(50);
        }
    }

    private static string RemoteIdOf(int number) => $"{GitHubConnectorHarness.Repository}#{number}";

    [Fact]
    public async Task The_fake_refuses_requests_past_its_hourly_limit_with_githubs_403_until_the_hour_turns()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        await using var limited = await FakeGitHub.StartAsync(h.Clock, hourlyLimit: 3);
        limited.CreateIssue(limited.Alice, GitHubConnectorHarness.Repository, "The only issue");
        var target = new SyncTargetOptions
        {
            Kind = TrackerKind.GitHub, Name = "github-limited", BaseUrl = limited.BaseUrl.ToString(), Token = limited.Syncbot.Token,
            Repository = GitHubConnectorHarness.Repository,
        };

        // Three different pages: three charged requests.
        foreach (var since in new[] { "2026-11-24T11:00:00Z", "2026-11-24T11:01:00Z", "2026-11-24T11:02:00Z" })
        {
            await h.Connector(target).FetchChangedAsync(since, None);
        }
        var refused = await Assert.ThrowsAsync<TrackerRateLimitedException>(() => h.Connector(target).FetchChangedAsync("2026-11-24T11:03:00Z", None));

        Assert.Equal((0, 1), (limited.RateLimitRemaining, limited.RateLimitRejections));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), refused.RetryAt);
        var last = limited.Requests.Last();
        Assert.Equal(403, last.Status);

        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Connector(target).FetchChangedAsync("2026-11-24T11:04:00Z", None);

        Assert.Equal((2, 1), (limited.RateLimitRemaining, limited.RateLimitRejections));
    }
}
