using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>Rate limits in the open: writes paced a second apart per target, and the budget GitHub states shown in <c>syncTargets</c>.</summary>
[Collection(SyncScenario.Collection)]
public class GitHubRateLimitTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static RemoteDraft Draft(string title) =>
        new(Guid.NewGuid(), new RemoteFields { Title = title, Status = ActionItemStatus.Open, Priority = Priority.Unset, Tags = [] });

    [Fact]
    public async Task Writes_to_one_target_go_out_a_second_apart_on_the_targets_clock_and_reads_are_not_held()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        // Time moves only when the test moves it.
        h.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        var first = await h.Connector().CreateAsync(Draft("One"), None);

        var second = h.Connector().CreateAsync(Draft("Two"), None);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var whileWaiting = await h.Connector().FetchAsync([first.RemoteId], None);

        Assert.False(second.IsCompleted);
        Assert.Equal(1, h.Fake.RequestCount("POST"));
        Assert.Single(whileWaiting);

        h.Clock.Advance(GitHubConnector.MinWriteSpacing);
        var written = await second.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, h.Fake.RequestCount("POST"));
        // A write a second or more after the last one goes out at once.
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        await h.Connector().UpdateAsync(new RemoteItemRef(written.RemoteId, written.InternalId, null),
            new RemoteFieldChanges { Title = "Two, renamed" }, None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, h.Fake.RequestCount("PATCH"));
    }

    [Fact]
    public async Task The_budget_is_read_from_every_answer_a_304_included()
    {
        await using var h = await GitHubConnectorHarness.StartAsync();
        Assert.Null(h.Factory.RateLimitOf("github"));

        var page = await h.Connector().FetchChangedAsync("2026-11-24T11:00:00Z", None);
        var afterRead = h.Factory.RateLimitOf("github");

        Assert.NotNull(afterRead);
        Assert.Equal((h.Fake.RateLimitRemaining, FakeGitHub.RateLimit), (afterRead.Remaining, afterRead.Limit));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), afterRead.ResetAt);

        // Someone else spends a charged request (a 304 is free, so without this the wire's and the cached answer's budget
        // would be the same and the assertion below could not tell them apart).
        using (var other = new HttpClient { BaseAddress = h.Fake.BaseUrl })
        {
            other.DefaultRequestHeaders.Authorization = new("Bearer", h.Fake.Alice.Token);
            other.DefaultRequestHeaders.UserAgent.ParseAdd("another-client");
            using var spent = await other.GetAsync("user", None);
            Assert.True(spent.IsSuccessStatusCode);
        }
        Assert.True(h.Fake.RateLimitRemaining < afterRead.Remaining);

        // The same page again is a 304; the budget GitHub states on it is taken (not the cached answer's old one).
        await h.Connector().FetchChangedAsync("2026-11-24T11:00:00Z", None);
        var afterNotModified = h.Factory.RateLimitOf("github")!;
        Assert.Equal(304, h.Fake.Requests.Last().Status);
        Assert.Equal(h.Fake.RateLimitRemaining, afterNotModified.Remaining);
        Assert.True(afterNotModified.Remaining < afterRead.Remaining);
        Assert.True(afterNotModified.ObservedAt > afterRead.ObservedAt);
        Assert.NotNull(page);
    }

    [Fact]
    public async Task SyncTargets_shows_the_remaining_budget_of_a_github_target_after_a_poll()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        await s.PollAsync();
        await s.PollAsync();
        using var client = await ClientAsync(s);

        using var response = await client.PostAsJsonAsync("/graphql", new { query = "{ syncTargets { name rateLimit { remaining limit resetAt observedAt } } }" });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var budget = json.RootElement.GetProperty("data").GetProperty("syncTargets")[0].GetProperty("rateLimit");
        Assert.Equal((s.GitHub.RateLimitRemaining, FakeGitHub.RateLimit), (budget.GetProperty("remaining").GetInt32(), budget.GetProperty("limit").GetInt32()));
        var resetAt = DateTimeOffset.Parse(budget.GetProperty("resetAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(0, resetAt.ToUnixTimeSeconds() % 3600);
    }

    private static async Task<HttpClient> ClientAsync(GitHubSyncScenario s)
    {
        await using var db = s.Db();
        var created = await new ApiTokens(db, TimeProvider.System).CreateAsync("test-viewer-" + Guid.NewGuid().ToString("N")[..6], Roles.Viewer, "test", None);
        var client = new HttpClient { BaseAddress = s.Host.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", created.Secret);
        return client;
    }
}
