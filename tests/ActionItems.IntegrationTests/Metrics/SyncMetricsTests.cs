using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Metrics;
using ActionItems.FakePhorge;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.IntegrationTests.Sync.GitHub;

namespace ActionItems.IntegrationTests.Metrics;

/// <summary>
/// <c>/metrics</c> during a sync run: the real host on PostgreSQL, a fake Phorge, an import through GraphQL that creates a
/// task, a failed create and its retry, a poll. Every sync gauge, counter and histogram shows what happened.
/// </summary>
[Collection(SyncScenario.Collection)]
public class SyncMetricsTests
{
    private const string MetricsSecret = "scrape-secret-0123456789abcdef";

    [Fact]
    public async Task A_sync_run_shows_lag_calls_errors_outbox_conflicts_graphql_and_import_figures()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems", extraHostArgs: $"--{MetricsToken.Key}={MetricsSecret}");
        using var admin = await s.ClientAsync();
        using var scraper = new HttpClient { BaseAddress = s.Host.Address };
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsSecret);

        // The first create fails (HTTP 500), so its work waits in the outbox for the retry.
        s.Phorge.InjectFault(PhorgeFault.ServerError, "maniphest.edit", times: 1);
        var imported = await admin.PostAsJsonAsync("/graphql", new
        {
            query = "mutation ImportCertificates($text: String!) { importPostmortem(input: { text: $text }) { errors { code } } }",
            variables = new { text = "# Certificate expiry\n\n## Action items\n\n- Rotate the TLS certificates\n" },
        });
        imported.EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/graphql", new { query = "{ version }" })).EnsureSuccessStatusCode();
        await s.QuietAsync();

        var waiting = await ScrapeAsync(scraper);
        Assert.True(waiting.Sum("actionitems_outbox_pending_messages") >= 1, waiting.Text);
        Assert.True(waiting.Single("actionitems_outbox_oldest_pending_age_seconds") >= 0, waiting.Text);
        Assert.Equal(1, waiting.Single("actionitems_tracker_call_errors_total", ("target", "phorge"), ("method", "maniphest.edit"), ("error", "transient")));

        await s.RunScheduledNowAsync();
        await s.QuietAsync();
        Assert.Single(s.Phorge.Phorge.AllTasks());
        await s.PollAsync();

        var synced = await ScrapeAsync(scraper);
        var lag = synced.Single("actionitems_sync_lag_seconds", ("target", "phorge"));
        Assert.InRange(lag, 0, 120);
        Assert.True(synced.Single("actionitems_tracker_calls_total", ("target", "phorge"), ("method", "maniphest.edit")) >= 2, synced.Text);
        Assert.True(synced.Single("actionitems_tracker_calls_total", ("target", "phorge"), ("method", "maniphest.search")) >= 1, synced.Text);
        Assert.True(synced.Single("actionitems_tracker_calls_last_hour", ("target", "phorge")) >= 3, synced.Text);
        Assert.Equal(0, synced.Single("actionitems_tracker_rate_limit_wait_seconds", ("target", "phorge")));
        Assert.Equal(0, synced.Single("actionitems_sync_conflicts_open", ("target", "phorge")));
        Assert.Equal(0, synced.Sum("actionitems_outbox_pending_messages"));
        Assert.Equal(0, synced.Single("actionitems_outbox_oldest_pending_age_seconds"));
        Assert.Contains("# TYPE actionitems_tracker_rate_limit_remaining gauge", synced.Text, StringComparison.Ordinal);
        Assert.Equal(1, synced.Single("actionitems_graphql_operation_duration_seconds_count", ("operation", "ImportCertificates")));
        Assert.Equal(1, synced.Single("actionitems_graphql_operation_duration_seconds_bucket", ("operation", "ImportCertificates"), ("le", "+Inf")));
        Assert.True(synced.Single("actionitems_graphql_operation_duration_seconds_sum", ("operation", "ImportCertificates")) > 0, synced.Text);
        Assert.True(synced.Single("actionitems_graphql_operation_duration_seconds_count", ("operation", "anonymous")) >= 1, synced.Text);
        Assert.Equal(1, synced.Single("actionitems_import_duration_seconds_count", ("outcome", "imported")));
        Assert.True(synced.Single("actionitems_import_duration_seconds_sum", ("outcome", "imported")) > 0, synced.Text);
    }

    [Fact]
    public async Task A_github_target_shows_its_rate_limit_budget_and_its_calls_by_route_template()
    {
        await using var s = await GitHubSyncScenario.StartAsync();
        await s.PollAsync();
        await s.PollAsync();
        await using var db = s.Db();
        var token = await new ApiTokens(db, TimeProvider.System).CreateAsync("scraper", Roles.Admin, "test", CancellationToken.None);
        using var admin = new HttpClient { BaseAddress = s.Host.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);

        var scrape = await ScrapeAsync(admin);

        Assert.Equal(s.GitHub.RateLimitRemaining, scrape.Single("actionitems_tracker_rate_limit_remaining", ("target", GitHubSyncScenario.TargetName)));
        // The poll's issue listing, by its route: no repository, issue number or page in the label.
        Assert.Contains("actionitems_tracker_calls_total{target=\"github\",method=\"GET /repos/{owner}/{repo}/issues", scrape.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch("actionitems_tracker_calls_total\\{[^}]*method=\"[^\"]*[0-9]", scrape.Text);
        Assert.InRange(scrape.Single("actionitems_sync_lag_seconds", ("target", GitHubSyncScenario.TargetName)), 0, 120);
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient scraper)
    {
        using var response = await scraper.GetAsync(MetricsEndpoint.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A scrape's sample lines, looked up by family name and labels.</summary>
    private sealed class Scrape(string text)
    {
        public string Text { get; } = text;

        private IEnumerable<(string Name, string Labels, double Value)> Samples => Text.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var space = l.LastIndexOf(' ');
                var brace = l.IndexOf('{', StringComparison.Ordinal);
                var name = brace < 0 ? l[..space] : l[..brace];
                var labels = brace < 0 ? "" : l[brace..space];
                return (name, labels, double.Parse(l[(space + 1)..], CultureInfo.InvariantCulture));
            });

        /// <summary>The one sample of <paramref name="name"/> with exactly these labels (in the order written).</summary>
        public double Single(string name, params (string Name, string Value)[] labels)
        {
            var written = labels.Length == 0 ? "" : "{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
            var matches = Samples.Where(s => s.Name == name && s.Labels == written).ToList();
            Assert.True(matches.Count == 1, $"expected one sample {name}{written}, found {matches.Count} in:\n{Text}");
            return matches[0].Value;
        }

        public double Sum(string name)
        {
            Assert.Contains($"# TYPE {name} ", Text, StringComparison.Ordinal);
            return Samples.Where(s => s.Name == name).Sum(s => s.Value);
        }
    }
}
