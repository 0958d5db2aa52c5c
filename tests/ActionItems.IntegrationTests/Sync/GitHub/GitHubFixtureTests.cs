using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>Real recorded GitHub answers (Fixtures/) replayed through our connector: paging by Link, a create, a 422.</summary>
public class GitHubFixtureTests
{
    private static async Task<(GitHubConnectorHarness Harness, FixtureReplayServer Replay)> StartAsync(string repository, params JsonObject[] recordings)
    {
        var replay = await FixtureReplayServer.StartAsync(recordings);
        var harness = await GitHubConnectorHarness.StartAsync(t => t.Repository = repository, baseUrl: replay.BaseUrl);
        return (harness, replay);
    }

    [Fact]
    public async Task The_recorded_issue_pages_are_followed_by_their_Link_headers_and_every_issue_is_read()
    {
        var recordings = GitHubFixtures.Load("paginate-issues").Select(r => r!.AsObject()).ToArray();
        var (h, replay) = await StartAsync("octokit-fixture-org/paginate-issues", recordings);
        await using var _ = h;
        await using var __ = replay;

        var items = new List<RemoteItem>();
        var cursor = "2017-10-10T00:00:00Z";
        for (var calls = 0; calls < 10; calls++)
        {
            var page = await h.Connector().FetchChangedAsync(cursor, CancellationToken.None);
            items.AddRange(page.Items);
            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                break;
            }
        }

        // Every recorded issue has the same updated_at: page 1, page 1 again asked from its last second (all handed out
        // already, so no progress that way), then pages 2–5 by their Link headers.
        Assert.Equal(6, replay.Served.Count);
        Assert.Equal(4, replay.Served.Count(r => r.StartsWith("GET /repositories/1000/issues?per_page=3&page=", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(1, 13).Select(n => $"Test issue {n}").Order(), items.Select(i => i.Fields.Title).Order());
        Assert.All(items, i => Assert.Equal((ActionItemStatus.Open, Priority.Unset), (i.Fields.Status, i.Fields.Priority)));
        Assert.Equal("octokit-fixture-org/paginate-issues#13", items.Single(i => i.Fields.Title == "Test issue 13").RemoteId);
        Assert.Equal("2017-10-10T16:00:00Z", cursor);
    }

    [Fact]
    public async Task A_recorded_create_answer_is_read_as_the_new_issue()
    {
        var recordings = GitHubFixtures.Load("add-labels-to-issue").Select(r => r!.AsObject()).ToArray();
        var (h, replay) = await StartAsync("octokit-fixture-org/add-labels-to-issue", recordings);
        await using var _ = h;
        await using var __ = replay;

        var written = await h.Connector().CreateAsync(new RemoteDraft(Guid.NewGuid(), new RemoteFields { Title = "Issue without a label" }),
            CancellationToken.None);

        Assert.Equal(("octokit-fixture-org/add-labels-to-issue#1", "1001"), (written.RemoteId, written.InternalId));
        Assert.Equal("https://github.com/octokit-fixture-org/add-labels-to-issue/issues/1", written.Url);
        Assert.Equal(("Issue without a label", ActionItemStatus.Open), (written.Item!.Fields.Title, written.Item.Fields.Status));
    }

    [Fact]
    public async Task A_recorded_422_is_a_permanent_error_with_githubs_message_and_field()
    {
        var error = GitHubFixtures.Load("errors")[0]!.AsObject().DeepClone().AsObject();
        error["path"] = "/repos/octokit-fixture-org/errors/issues";
        var (h, replay) = await StartAsync("octokit-fixture-org/errors", error);
        await using var _ = h;
        await using var __ = replay;

        var refused = await Assert.ThrowsAsync<TrackerPermanentException>(() =>
            h.Connector().CreateAsync(new RemoteDraft(Guid.NewGuid(), new RemoteFields { Title = "x" }), CancellationToken.None));

        Assert.Equal("422", refused.Code);
        Assert.Contains("Validation Failed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Label.color invalid", refused.Message, StringComparison.Ordinal);
        Assert.False(refused.AffectsWholeTarget);
    }
}

/// <summary>
/// Our fake GitHub answers like the recordings: the same keys in the same order for issues, users and labels, the same
/// 422 body, the headers a client reads (ETag, Link rels, rate limits).
/// </summary>
public class FakeGitHubConformanceTests
{
    private static readonly HttpClient Http = new();

    private static List<string> Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key)];

    private static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(FakeGitHub fake, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(fake.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", fake.Syncbot.Token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Issue_lists_pages_creates_labels_and_errors_have_the_recorded_shape()
    {
        await using var fake = await FakeGitHub.StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        const string repo = "octokit-fixture-org/paginate-issues";
        for (var i = 1; i <= 13; i++)
        {
            fake.CreateIssue(fake.Alice, repo, $"Test issue {i}");
        }
        var pages = GitHubFixtures.Load("paginate-issues");
        var created = GitHubFixtures.Load("add-labels-to-issue");
        var error = GitHubFixtures.Load("errors")[0]!;

        var (first, firstBody) = await SendAsync(fake, HttpMethod.Get, $"repos/{repo}/issues?per_page=3");
        var (middle, _) = await SendAsync(fake, HttpMethod.Get, "repositories/1000/issues?per_page=3&page=2");
        var (last, lastBody) = await SendAsync(fake, HttpMethod.Get, "repositories/1000/issues?per_page=3&page=5");

        Assert.Equal(Keys(pages[0]!["response"]![0]), Keys(firstBody![0]));
        Assert.Equal(Keys(pages[0]!["response"]![0]!["user"]), Keys(firstBody[0]!["user"]));
        Assert.Equal(pages[4]!["response"]!.AsArray().Count, lastBody!.AsArray().Count);
        string Rels(string link) => string.Join(",", link.Split(", ").Select(l => l[(l.IndexOf("rel=", StringComparison.Ordinal) + 4)..]));
        Assert.Equal(Rels(pages[0]!["headers"]!["link"]!.ToString()), Rels(first.Headers.GetValues("Link").Single()));
        Assert.Equal(Rels(pages[1]!["headers"]!["link"]!.ToString()), Rels(middle.Headers.GetValues("Link").Single()));
        Assert.Equal(Rels(pages[4]!["headers"]!["link"]!.ToString()), Rels(last.Headers.GetValues("Link").Single()));
        Assert.Contains($"{fake.BaseUrl}repositories/1000/issues?per_page=3&page=2>; rel=\"next\"", first.Headers.GetValues("Link").Single(),
            StringComparison.Ordinal);
        foreach (var header in new[] { "etag", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-used", "x-ratelimit-resource" })
        {
            Assert.True(pages[0]!["headers"]!.AsObject().ContainsKey(header));
            Assert.True(first.Headers.Contains(header), header);
        }
        Assert.Equal(pages[0]!["headers"]!["etag"]!.ToString().Length, first.Headers.ETag!.Tag.Length);
        Assert.Equal(pages[0]!["headers"]!["content-type"]!.ToString(), first.Content.Headers.ContentType!.ToString());

        var (create, createBody) = await SendAsync(fake, HttpMethod.Post, $"repos/{repo}/issues", created[0]!["body"]!.ToJsonString());
        Assert.Equal((HttpStatusCode)created[0]!["status"]!.GetValue<int>(), create.StatusCode);
        Assert.Equal(Keys(created[0]!["response"]), Keys(createBody));
        Assert.NotNull(create.Headers.Location);
        var number = createBody!["number"]!.GetValue<int>();
        var (labels, labelsBody) = await SendAsync(fake, HttpMethod.Post, $"repos/{repo}/issues/{number}/labels", created[1]!["body"]!.ToJsonString());
        Assert.Equal((HttpStatusCode)created[1]!["status"]!.GetValue<int>(), labels.StatusCode);
        Assert.Equal(created[1]!["response"]!.AsArray().Select(l => l!["name"]!.ToString()), labelsBody!.AsArray().Select(l => l!["name"]!.ToString()));
        Assert.Equal(Keys(created[1]!["response"]![0]), Keys(labelsBody[0]));

        var (refused, refusedBody) = await SendAsync(fake, HttpMethod.Post, $"repos/{repo}/labels", error["body"]!.ToJsonString());
        Assert.Equal((HttpStatusCode)error["status"]!.GetValue<int>(), refused.StatusCode);
        Assert.Equal(Keys(error["response"]), Keys(refusedBody));
        Assert.Equal(error["response"]!["errors"]!.ToJsonString(), refusedBody!["errors"]!.ToJsonString());
    }

    [Fact]
    public async Task A_repeated_get_with_its_etag_is_answered_304_without_a_body_or_a_rate_limit_charge()
    {
        await using var fake = await FakeGitHub.StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        fake.CreateIssue(fake.Alice, "o/r", "One");
        var (first, _) = await SendAsync(fake, HttpMethod.Get, "repos/o/r/issues?state=all");
        var remaining = fake.RateLimitRemaining;

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fake.BaseUrl, "repos/o/r/issues?state=all"));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", fake.Syncbot.Token);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsStringAsync());
        Assert.Equal(remaining, fake.RateLimitRemaining);
    }
}
