using System.Diagnostics;
using ActionItems.Core.Domain;
using ActionItems.FakePhorge;
using ActionItems.Sync.Engine;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>Each kind of failure the fake can produce reaches the engine as the right <see cref="TrackerException"/>.</summary>
public sealed class PhabricatorConnectorFaultTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_500_is_transient()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.InjectFault(PhorgeFault.ServerError, "maniphest.search");

        var error = await Assert.ThrowsAsync<TrackerTransientException>(() => h.Connector().FetchAsync(["T1"], None));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_that_is_not_json_is_transient()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.InjectFault(PhorgeFault.HtmlInsteadOfJson);

        await Assert.ThrowsAsync<TrackerTransientException>(() => h.Connector().WhoAmIAsync(None));
    }

    [Fact]
    public async Task A_429_text_reply_is_rate_limited_until_retry_after()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.InjectFault(PhorgeFault.RateLimited(TimeSpan.FromSeconds(120)));

        var error = await Assert.ThrowsAsync<TrackerRateLimitedException>(() => h.Connector().FetchChangedAsync("1795510542", None));

        Assert.Equal(h.Clock.GetUtcNow().AddSeconds(120), error.RetryAt);
    }

    [Fact]
    public async Task A_read_that_outlasts_the_timeout_is_transient()
    {
        await using var h = await ConnectorHarness.StartAsync(clientTimeout: ConnectorHarness.ShortClientTimeout);
        h.Fake.InjectFault(PhorgeFault.Delay(ConnectorHarness.ShortClientTimeout * 4), "maniphest.search");
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TrackerTransientException>(() => h.Connector().FetchAsync(["T1"], None));

        Assert.True(watch.Elapsed < ConnectorHarness.ShortClientTimeout * 4, "the client waited for the server instead of its own timeout");
    }

    [Fact]
    public async Task A_write_that_outlasts_the_timeout_has_an_unknown_outcome()
    {
        await using var h = await ConnectorHarness.StartAsync(clientTimeout: ConnectorHarness.ShortClientTimeout);
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task");
        await h.WarmUpAsync();
        h.Fake.InjectFault(PhorgeFault.Delay(ConnectorHarness.ShortClientTimeout * 4), "maniphest.edit");

        await Assert.ThrowsAsync<TrackerUnknownOutcomeException>(() => h.Connector().UpdateAsync(
            new RemoteItemRef(task.Monogram, task.Phid, null), new RemoteFieldChanges { Title = "New" }, None));
    }

    [Fact]
    public async Task An_edit_applied_before_the_connection_dropped_has_an_unknown_outcome_and_a_retry_converges()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task");
        await h.WarmUpAsync();
        h.Fake.InjectFault(PhorgeFault.ApplyThenDropConnection, "maniphest.edit");
        var reference = new RemoteItemRef(task.Monogram, task.Phid, null);
        var changes = new RemoteFieldChanges { Title = "New" };

        await Assert.ThrowsAsync<TrackerUnknownOutcomeException>(() => h.Connector().UpdateAsync(reference, changes, None));
        Assert.Equal("New", h.Fake.Phorge.FindTask(task.Monogram)!.Title);
        await h.Connector().UpdateAsync(reference, changes, None);

        Assert.Equal("New", Assert.Single(await h.Connector().FetchAsync([task.Phid], None)).Fields.Title);
        Assert.Single(h.Fake.Phorge.TransactionsOf(task.Phid), x => x.Type == "title" && (string?)x.Fields["new"] == "New");
    }

    [Fact]
    public async Task A_refused_connection_is_transient_even_for_a_write()
    {
        await using var h = await ConnectorHarness.StartAsync();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var closed = new SyncTargetOptions { Kind = TrackerKind.Phabricator, Name = "closed", BaseUrl = $"http://127.0.0.1:{port}/", Token = h.Fake.Syncbot.Token };

        await Assert.ThrowsAsync<TrackerTransientException>(() =>
            h.Connector(closed).UpdateAsync(new RemoteItemRef("T1", null, null), new RemoteFieldChanges { Status = ActionItemStatus.Resolved }, None));
    }

    [Fact]
    public async Task A_validation_error_envelope_is_permanent_for_the_item_only()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task");

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector().UpdateAsync(
            new RemoteItemRef(task.Monogram, task.Phid, null), new RemoteFieldChanges { OwnerAccountId = "PHID-USER-doesnotexist0000000" }, None));

        Assert.Equal("ERR-CONDUIT-CORE", error.Code);
        Assert.False(error.AffectsWholeTarget);
        Assert.Contains("is not a valid user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_injected_error_envelope_maps_by_its_code()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.InjectFault(PhorgeFault.ErrorEnvelope("ERR-INVALID-SESSION", "Session key is not present."));

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector().WhoAmIAsync(None));

        Assert.True(error.AffectsWholeTarget);
        Assert.Equal("ERR-INVALID-SESSION", error.Code);
    }

    [Theory]
    [InlineData("api-unknowntoken0000000000000000")]
    [InlineData("api-thisisnotavalidtoken000000000")]
    public async Task A_refused_token_stops_the_whole_target_and_never_appears_in_the_error(string token)
    {
        await using var h = await ConnectorHarness.StartAsync(t => t.Token = token);

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector().FetchChangedAsync(null, None));

        Assert.Equal("ERR-INVALID-AUTH", error.Code);
        Assert.True(error.AffectsWholeTarget);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(token, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(1, h.Fake.TotalCalls);
    }

    [Fact]
    public async Task A_target_without_a_token_fails_without_calling()
    {
        await using var h = await ConnectorHarness.StartAsync(t => t.Token = null);

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector().WhoAmIAsync(None));

        Assert.True(error.AffectsWholeTarget);
        Assert.Equal(0, h.Fake.TotalCalls);
    }

    [Fact]
    public async Task A_project_tag_the_instance_does_not_have_is_a_target_configuration_error()
    {
        await using var h = await ConnectorHarness.StartAsync(t => t.ProjectTags = ["no_such_project"]);

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() =>
            h.Connector().CreateAsync(new RemoteDraft(Guid.NewGuid(), new RemoteFields { Title = "x" }), None));

        Assert.True(error.AffectsWholeTarget);
        Assert.Contains("no_such_project", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task Calls_per_target_are_counted_for_an_hour()
    {
        await using var h = await ConnectorHarness.StartAsync();
        h.Fake.InjectFault(PhorgeFault.ServerError);
        await Assert.ThrowsAsync<TrackerTransientException>(() => h.Connector().WhoAmIAsync(None));
        await h.Connector().WhoAmIAsync(None);
        h.Advance(TimeSpan.FromMinutes(30));
        await h.Connector().FetchChangedAsync(null, None);

        // The harness has no database, so nothing is flushed: the recorder still holds every call it counted.
        Assert.Equal(3, LastHour(h.Target.Name));
        Assert.Equal(0, LastHour("other"));
        h.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, LastHour(h.Target.Name));

        long LastHour(string target) => h.Recorder.UnflushedCalls(target, h.Clock.GetUtcNow() - TimeSpan.FromHours(1));
    }
}
