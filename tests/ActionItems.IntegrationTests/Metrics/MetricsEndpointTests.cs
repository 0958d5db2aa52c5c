using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Api.Metrics;
using ActionItems.Core;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ActionItems.IntegrationTests.Metrics;

public class MetricsEndpointTests
{
    private const string MetricsSecret = "scrape-secret-0123456789abcdef";

    private const string TeamNeedingEscapes = "Team \"quoted\" back\\slash\nsecond line";

    private const string EmptyFamilies = """
        # HELP actionitems_open_items Action items in an open status (open, in progress, stalled), archived ones left out, by team (empty: none) and priority.
        # TYPE actionitems_open_items gauge
        # HELP actionitems_unassigned_items Open action items without an owner, archived ones left out, by team (empty: none) and priority.
        # TYPE actionitems_unassigned_items gauge
        # HELP actionitems_overdue_items Open action items whose due date is before today (UTC), archived ones left out, by team (empty: none) and priority.
        # TYPE actionitems_overdue_items gauge
        # HELP actionitems_items Action items by status, archived ones left out.
        # TYPE actionitems_items gauge
        # HELP actionitems_sync_links Tracker links by sync target and link state.
        # TYPE actionitems_sync_links gauge

        """;

    /// <summary>
    /// The remediation families, which come first; the sync gauges and the process's own counters and histograms after
    /// them are tested with a sync run (SyncMetricsTests).
    /// </summary>
    private static string ItemFamilies(string text) =>
        text[..text.IndexOf("# HELP actionitems_sync_lag_seconds ", StringComparison.Ordinal)];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_gauges_count_the_seeded_items_by_team_and_priority_with_labels_escaped(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);
        await using var host = await RunningHost.StartAsync(database, HostRole.Api, extraArgs: $"--{MetricsToken.Key}={MetricsSecret}");
        using var client = Client(host, MetricsSecret);

        using var response = await client.GetAsync(MetricsEndpoint.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Sorted by team (ordinal: no team "", then "Team…", then "sre"), then priority; statuses and states in enum order.
        const string escapedTeam = "Team \\\"quoted\\\" back\\\\slash\\nsecond line";
        Assert.Equal($$"""
            # HELP actionitems_open_items Action items in an open status (open, in progress, stalled), archived ones left out, by team (empty: none) and priority.
            # TYPE actionitems_open_items gauge
            actionitems_open_items{team="",priority="UNSET"} 1
            actionitems_open_items{team="{{escapedTeam}}",priority="MEDIUM"} 1
            actionitems_open_items{team="sre",priority="LOW"} 2
            actionitems_open_items{team="sre",priority="HIGH"} 3
            # HELP actionitems_unassigned_items Open action items without an owner, archived ones left out, by team (empty: none) and priority.
            # TYPE actionitems_unassigned_items gauge
            actionitems_unassigned_items{team="",priority="UNSET"} 1
            actionitems_unassigned_items{team="{{escapedTeam}}",priority="MEDIUM"} 0
            actionitems_unassigned_items{team="sre",priority="LOW"} 0
            actionitems_unassigned_items{team="sre",priority="HIGH"} 1
            # HELP actionitems_overdue_items Open action items whose due date is before today (UTC), archived ones left out, by team (empty: none) and priority.
            # TYPE actionitems_overdue_items gauge
            actionitems_overdue_items{team="",priority="UNSET"} 0
            actionitems_overdue_items{team="{{escapedTeam}}",priority="MEDIUM"} 0
            actionitems_overdue_items{team="sre",priority="LOW"} 1
            actionitems_overdue_items{team="sre",priority="HIGH"} 1
            # HELP actionitems_items Action items by status, archived ones left out.
            # TYPE actionitems_items gauge
            actionitems_items{status="OPEN"} 5
            actionitems_items{status="IN_PROGRESS"} 1
            actionitems_items{status="STALLED"} 1
            actionitems_items{status="RESOLVED"} 1
            actionitems_items{status="DECLINED"} 1
            # HELP actionitems_sync_links Tracker links by sync target and link state.
            # TYPE actionitems_sync_links gauge
            actionitems_sync_links{target="gh",state="ERROR"} 1
            actionitems_sync_links{target="phab",state="LINKED"} 2
            actionitems_sync_links{target="phab",state="PENDING_FILL"} 1

            """, ItemFamilies(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_items_every_family_keeps_its_help_and_type_lines_and_has_no_series(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await RunningHost.StartAsync(database, HostRole.Api);
        using var admin = Client(host, await CreateTokenAsync(database, Roles.Admin));

        using var response = await admin.GetAsync(MetricsEndpoint.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EmptyFamilies, ItemFamilies(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Admins_and_the_metrics_token_may_scrape_others_get_401_or_403_with_a_reason_and_the_token_is_never_logged()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        // Anonymous read on: an anonymous caller may read the API, yet not the metrics.
        await using var host = await RunningHost.StartAsync(database, HostRole.Api, testServices: true,
            "--Auth:AnonymousRead=true", $"--{MetricsToken.Key}={MetricsSecret}");
        var logs = host.Host.Services.GetRequiredService<LogCapture>();
        using var admin = Client(host, await CreateTokenAsync(database, Roles.Admin));
        using var triager = Client(host, await CreateTokenAsync(database, Roles.Triager));
        using var viewer = Client(host, await CreateTokenAsync(database, Roles.Viewer));
        using var scraper = Client(host, MetricsSecret);
        using var wrongSecret = Client(host, MetricsSecret + "x");
        using var revoked = Client(host, "ai_unknown");
        using var anonymous = Client(host, null);

        using var byAdmin = await admin.GetAsync(MetricsEndpoint.Path);
        using var byScraper = await scraper.GetAsync(MetricsEndpoint.Path);
        using var byTriager = await triager.GetAsync(MetricsEndpoint.Path);
        using var byViewer = await viewer.GetAsync(MetricsEndpoint.Path);
        using var byWrongSecret = await wrongSecret.GetAsync(MetricsEndpoint.Path);
        using var byRevoked = await revoked.GetAsync(MetricsEndpoint.Path);
        using var byAnonymous = await anonymous.GetAsync(MetricsEndpoint.Path);

        foreach (var allowed in new[] { byAdmin, byScraper })
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", allowed.Content.Headers.ContentType?.ToString());
            Assert.Equal(EmptyFamilies, ItemFamilies(await allowed.Content.ReadAsStringAsync()));
        }
        foreach (var belowAdmin in new[] { byTriager, byViewer })
        {
            Assert.Equal(HttpStatusCode.Forbidden, belowAdmin.StatusCode);
            Assert.Equal(("FORBIDDEN", "metrics need role 'admin' or the metrics token (Metrics:Token)"), await ErrorAsync(belowAdmin));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        Assert.Equal("Bearer", byAnonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(("UNAUTHENTICATED", "metrics need an admin API token or the metrics token (Authorization: Bearer …)"),
            await ErrorAsync(byAnonymous));
        Assert.Equal(HttpStatusCode.Unauthorized, byWrongSecret.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", byWrongSecret.Headers.WwwAuthenticate.ToString());
        Assert.Equal(("UNAUTHENTICATED", "The bearer token is not the metrics token (Metrics:Token), an API token (they start with 'ai_') or a valid JWT."),
            await ErrorAsync(byWrongSecret));
        Assert.Equal(HttpStatusCode.Unauthorized, byRevoked.StatusCode);
        Assert.Equal(("UNAUTHENTICATED", "unknown or revoked API token"), await ErrorAsync(byRevoked));
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains("scrape-secret", StringComparison.Ordinal) ||
                                                 (r.Exception?.ToString().Contains("scrape-secret", StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task Without_a_configured_metrics_token_no_bearer_token_reads_as_one()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, HostRole.Api);
        using var guess = Client(host, MetricsSecret);

        using var response = await guess.GetAsync(MetricsEndpoint.Path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("short-secret")]
    [InlineData("has a space in it, 0123456789")]
    public async Task A_weak_metrics_token_stops_the_host_naming_the_key_but_not_the_value(string secret)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var e = await Assert.ThrowsAsync<ConfigurationErrorException>(() =>
            RunningHost.StartAsync(database, HostRole.Api, extraArgs: $"--{MetricsToken.Key}={secret}"));

        Assert.Equal(MetricsToken.Key, e.Key);
        Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
        Assert.True(ConfigurationKeys.IsKnown(MetricsToken.Key));
    }

    [Fact]
    public async Task When_postgres_is_unreachable_a_scrape_with_the_metrics_token_answers_503_with_retry_after()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var target = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        await using var forwarder = new TcpForwarder(target.Host!, target.Port);
        var throughForwarder = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString)
        {
            Host = "127.0.0.1", Port = forwarder.Port, Timeout = 3,
        }.ConnectionString;
        await using var host = await RunningHost.StartAsync(database, HostRole.Api, testServices: false, throughForwarder,
            $"--{MetricsToken.Key}={MetricsSecret}");
        using var scraper = Client(host, MetricsSecret);
        using (var before = await scraper.GetAsync(MetricsEndpoint.Path))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await forwarder.CutAsync();
        using var response = await scraper.GetAsync(MetricsEndpoint.Path);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UNAVAILABLE", body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    /// <summary>
    /// sre/HIGH: open unassigned overdue, in progress due later, stalled without a due date (and an archived open
    /// overdue item left out); sre/LOW: open overdue, open due today (not overdue), resolved overdue (closed: left
    /// out); no team/UNSET: open unassigned; a team needing escapes/MEDIUM: open; a declined item.
    /// </summary>
    private static async Task SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("metrics", new DateOnly(2024, 3, 1));
        var owner = data.Person("Ada Lovelace");
        var phab = data.Target("phab", TrackerKind.Phabricator);
        var gh = data.Target("gh", TrackerKind.GitHub);
        await data.SaveAsync();
        var at = TestData.At(TestData.T0);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        ActionItem Item(string title, string? team, Priority priority, ActionItemStatus status, bool owned, DateOnly? due)
        {
            var item = data.Item(incident, title, TestData.T0);
            item.SetTeam(team, at);
            item.SetPriority(priority, at);
            item.SetStatus(status, at);
            item.SetOwner(owned ? owner : null, at);
            item.SetDueDate(due, at);
            return item;
        }

        var overdue = Item("sre high overdue", "sre", Priority.High, ActionItemStatus.Open, owned: false, today.AddDays(-1));
        var later = Item("sre high later", "sre", Priority.High, ActionItemStatus.InProgress, owned: true, new DateOnly(2199, 1, 1));
        var stalled = Item("sre high stalled", "sre", Priority.High, ActionItemStatus.Stalled, owned: true, null);
        Item("sre high archived", "sre", Priority.High, ActionItemStatus.Open, owned: false, today.AddDays(-10)).Archive(at);
        Item("sre low overdue", "sre", Priority.Low, ActionItemStatus.Open, owned: true, new DateOnly(2020, 1, 1));
        Item("sre low due today", "sre", Priority.Low, ActionItemStatus.Open, owned: true, today);
        Item("sre low resolved", "sre", Priority.Low, ActionItemStatus.Resolved, owned: false, new DateOnly(2020, 1, 1));
        Item("no team", null, Priority.Unset, ActionItemStatus.Open, owned: false, null);
        Item("escapes", TeamNeedingEscapes, Priority.Medium, ActionItemStatus.Open, owned: true, null);
        Item("declined", "sre", Priority.High, ActionItemStatus.Declined, owned: false, null);
        overdue.Links.Add(new TrackerLink { SyncTargetId = phab.Id, RemoteId = "T1", State = TrackerLinkState.Linked });
        later.Links.Add(new TrackerLink { SyncTargetId = phab.Id, RemoteId = "T2", State = TrackerLinkState.Linked });
        stalled.Links.Add(new TrackerLink { SyncTargetId = phab.Id, RemoteId = "T3", State = TrackerLinkState.PendingFill });
        stalled.Links.Add(new TrackerLink { SyncTargetId = gh.Id, RemoteId = "o/r#4", State = TrackerLinkState.Error });
        await data.SaveAsync();
    }

    private static async Task<string> CreateTokenAsync(TestDatabase database, string role)
    {
        await using var db = database.CreateContext();
        return (await new ApiTokens(db, TimeProvider.System).CreateAsync("metrics-" + role, role, "test", CancellationToken.None)).Secret;
    }

    private static HttpClient Client(RunningHost host, string? bearer)
    {
        var client = new HttpClient { BaseAddress = host.Address };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    private static async Task<(string? Code, string? Error)> ErrorAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("code").GetString(), json.RootElement.GetProperty("error").GetString());
    }
}
