using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.IntegrationTests.Sync.Engine;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>The ETag cache persisted in <c>github_response_cache</c>: a restarted process (or another worker) still revalidates.</summary>
[Collection(SyncScenario.Collection)]
public class GitHubResponseCacheTests
{
    private const string Cursor = "2026-11-24T11:00:00Z";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task After_a_restart_the_same_poll_is_one_request_answered_304_with_the_stored_answer(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var h = await GitHubConnectorHarness.StartAsync(database: database.Options);
        h.Fake.CreateIssue(h.Fake.Bob, GitHubConnectorHarness.Repository, "Second issue", labels: ["priority:high"]);
        var first = await h.Connector().FetchChangedAsync(Cursor, None);
        Assert.Equal(200, Assert.Single(h.Fake.Requests, r => r.Method == "GET").Status);
        await StoredAsync(database, expected: 1);
        h.Fake.ResetRequests();

        var afterRestart = await h.ConnectorOfAnotherProcess().FetchChangedAsync(Cursor, None);

        var request = Assert.Single(h.Fake.Requests);
        Assert.Equal((304, true), (request.Status, request.IfNoneMatch is not null));
        // The answer came from the table: the same issues with the same values, and the same paging.
        Assert.Equal(first.Items.Select(i => (i.RemoteId, i.InternalId, i.Fields.Title, i.Fields.Priority)),
            afterRestart.Items.Select(i => (i.RemoteId, i.InternalId, i.Fields.Title, i.Fields.Priority)));
        Assert.Equal((first.HasMore, first.NextCursor), (afterRestart.HasMore, afterRestart.NextCursor));
        Assert.Equal(2, afterRestart.Items.Count);
    }

    [Fact]
    public async Task A_changed_resource_is_read_in_full_and_its_new_answer_replaces_the_stored_one()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var h = await GitHubConnectorHarness.StartAsync(database: database.Options);
        await h.Connector().FetchChangedAsync(Cursor, None);
        await StoredAsync(database, expected: 1);
        string etagBefore;
        await using (var db = database.CreateContext())
        {
            etagBefore = (await db.GitHubCachedResponses.SingleAsync()).ETag;
        }

        h.Fake.EditIssue(h.Fake.Bob, GitHubConnectorHarness.Repository, 1, i => i.Title = "Renamed on GitHub");
        h.Fake.ResetRequests();
        var changed = await h.ConnectorOfAnotherProcess().FetchChangedAsync(Cursor, None);

        Assert.Equal(200, Assert.Single(h.Fake.Requests).Status);
        Assert.Equal("Renamed on GitHub", Assert.Single(changed.Items).Fields.Title);
        await using (var db = database.CreateContext())
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while ((await db.GitHubCachedResponses.AsNoTracking().SingleAsync()).ETag == etagBefore && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            var stored = await db.GitHubCachedResponses.AsNoTracking().SingleAsync();
            Assert.NotEqual(etagBefore, stored.ETag);
            Assert.Contains("Renamed on GitHub", stored.Body, StringComparison.Ordinal);
        }
    }

    /// <summary>Waits for the stored answers (Octokit may store an answer after handing it back).</summary>
    private static async Task StoredAsync(TestDatabase database, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        await using var db = database.CreateContext();
        while (await db.GitHubCachedResponses.CountAsync() < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(expected, await db.GitHubCachedResponses.CountAsync());
    }
}
