using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>Security headers, CORS and rate limits on the real host (Hosting/SecurityHeaders.cs, CrossOriginAccess.cs, RequestRateLimits.cs).</summary>
public class SecurityHardeningTests
{
    private const string OtherSite = "https://evil.example";
    private const string Dashboard = "https://dashboard.example.org";

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_the_jobs_dashboard_its_own_policy()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database);
        var admin = await CreateTokenAsync(database, Roles.Admin, "admin");

        foreach (var (path, token, status) in new (string, string?, HttpStatusCode)[]
                 {
                     ("/", null, HttpStatusCode.OK),
                     ("/graphql?query=%7Bversion%7D", null, HttpStatusCode.OK),
                     ("/graphql?query=%7Bversion%7D", "ai_unknown", HttpStatusCode.Unauthorized),
                     ("/readyz", null, HttpStatusCode.OK),
                     ("/metrics/nothing", null, HttpStatusCode.NotFound),
                     ("/export/action-items.json", admin, HttpStatusCode.OK),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await host.Client.SendAsync(request);
            Assert.True(status == response.StatusCode, $"{path}: {response.StatusCode}");
            AssertSecurityHeaders(response, SecurityHeaders.AppPolicy, path);
        }

        using var signIn = await host.Client.GetAsync("/jobs/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        AssertSecurityHeaders(signIn, SecurityHeaders.JobsDashboardPolicy, "/jobs/sign-in");
        using var dashboardRequest = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        dashboardRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var dashboard = await host.Client.SendAsync(dashboardRequest);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        AssertSecurityHeaders(dashboard, SecurityHeaders.JobsDashboardPolicy, "/jobs");
        // The policy is what the dashboard page needs: it does run inline script.
        Assert.Contains("<script", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_app_policy_allows_only_this_origin_and_no_inline_script_and_the_dashboard_policy_no_framing()
    {
        var app = Directives(SecurityHeaders.AppPolicy);
        Assert.Equal("'self'", app["script-src"]);
        Assert.Equal("'self'", app["style-src"]);
        Assert.Equal("'none'", app["frame-ancestors"]);
        Assert.Equal("'none'", app["object-src"]);
        Assert.DoesNotContain(app, d => d.Value.Contains("http", StringComparison.Ordinal) || d.Value.Contains('*', StringComparison.Ordinal));
        var jobs = Directives(SecurityHeaders.JobsDashboardPolicy);
        Assert.Equal("'none'", jobs["frame-ancestors"]);
        Assert.Equal("'self' 'unsafe-inline'", jobs["script-src"]);
    }

    [Fact]
    public async Task Without_configured_origins_no_answer_allows_another_site()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, extraArgs: ["--Auth:AnonymousRead=true"]);

        using var preflight = await host.Client.SendAsync(Preflight(OtherSite));
        using var read = await GetWithOriginAsync(host, OtherSite);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Configured_origins_and_only_they_may_call_the_api_with_a_bearer_token()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, extraArgs:
            ["--Auth:AnonymousRead=true", $"--{CrossOriginAccess.AllowedOriginsKey}={Dashboard}, http://localhost:5173"]);

        using var preflight = await host.Client.SendAsync(Preflight(Dashboard));
        using var read = await GetWithOriginAsync(host, Dashboard);
        using var otherPreflight = await host.Client.SendAsync(Preflight(OtherSite));
        using var otherRead = await GetWithOriginAsync(host, OtherSite);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Dashboard, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("authorization", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Equal(Dashboard, Assert.Single(read.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(otherPreflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(otherRead.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://dashboard.example.org/app")]
    [InlineData("dashboard.example.org")]
    [InlineData("ftp://dashboard.example.org")]
    public async Task A_bad_origin_stops_the_start_with_the_key(string origin)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var error = await Assert.ThrowsAsync<ActionItems.Core.ConfigurationErrorException>(() =>
            RunningHost.StartAsync(database, extraArgs: [$"--{CrossOriginAccess.AllowedOriginsKey}={origin}"]));

        Assert.Equal(CrossOriginAccess.AllowedOriginsKey, error.Key);
    }

    [Fact]
    public async Task GraphQL_over_its_limit_is_answered_429_with_Retry_After_per_token_and_per_address_without_one()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, extraArgs:
            ["--Auth:AnonymousRead=true", "--RateLimiting:GraphQL:PermitsPerSecond=1", "--RateLimiting:GraphQL:Burst=2"]);
        var busy = await CreateTokenAsync(database, Roles.Viewer, "busy");
        var other = await CreateTokenAsync(database, Roles.Viewer, "other");

        var busyStatuses = new List<HttpStatusCode>();
        (string RetryAfter, string? MediaType, string Body, string Policy)? refused = null;
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostVersionAsync(host, busy);
            busyStatuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= (response.Headers.GetValues("Retry-After").Single(), response.Content.Headers.ContentType?.MediaType,
                    await response.Content.ReadAsStringAsync(), response.Headers.GetValues("Content-Security-Policy").Single());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], busyStatuses.Take(2));
        Assert.NotNull(refused);
        Assert.True(int.Parse(refused.Value.RetryAfter, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/json", refused.Value.MediaType);
        var body = JsonDocument.Parse(refused.Value.Body).RootElement;
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("RATE_LIMITED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("RateLimiting:GraphQL", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.AppPolicy, refused.Value.Policy);
        // Another token has its own budget; so do requests without one (by address).
        using var otherToken = await PostVersionAsync(host, other);
        using var withoutToken = await PostVersionAsync(host, token: null);
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutToken.StatusCode);
    }

    [Fact]
    public async Task Webhook_deliveries_over_the_limit_are_refused_per_source_and_target()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, extraArgs:
            ["--RateLimiting:Webhooks:PermitsPerSecond=1", "--RateLimiting:Webhooks:Burst=1"]);

        using var first = await host.Client.PostAsync("/webhooks/phabricator/one", JsonContent.Create(new { }));
        using var second = await host.Client.PostAsync("/webhooks/phabricator/one", JsonContent.Create(new { }));
        using var otherTarget = await host.Client.PostAsync("/webhooks/phabricator/two", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.Contains("Retry-After"));
        var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("RateLimiting:Webhooks", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherTarget.StatusCode);
    }

    [Theory]
    [InlineData("--RateLimiting:GraphQL:PermitsPerSecond=lots", "RateLimiting:GraphQL:PermitsPerSecond")]
    [InlineData("--RateLimiting:Webhooks:PermitsPerSecond=-1", "RateLimiting:Webhooks:PermitsPerSecond")]
    [InlineData("--RateLimiting:GraphQL:Burst=5", "RateLimiting:GraphQL:Burst")]
    public async Task A_bad_limit_stops_the_start_with_the_key(string argument, string key)
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var error = await Assert.ThrowsAsync<ActionItems.Core.ConfigurationErrorException>(() =>
            RunningHost.StartAsync(database, extraArgs: [argument]));

        Assert.Equal(key, error.Key);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string policy, string path)
    {
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), path);
        Assert.Equal(policy, Assert.Single(csp));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "");

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return request;
    }

    private static async Task<HttpResponseMessage> GetWithOriginAsync(RunningHost host, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=%7Bversion%7D");
        request.Headers.Add("Origin", origin);
        return await host.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostVersionAsync(RunningHost host, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ version }" }) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await host.Client.SendAsync(request);
    }

    private static async Task<string> CreateTokenAsync(TestDatabase database, string role, string name)
    {
        await using var db = database.CreateContext();
        return (await new ApiTokens(db, TimeProvider.System).CreateAsync(name, role, "test", CancellationToken.None)).Secret;
    }
}
