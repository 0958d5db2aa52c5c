using System.Net;
using System.Net.Http.Headers;
using ActionItems.Api.Auth;
using ActionItems.Api.Trackers;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Trackers;

/// <summary>The jobs dashboard: admins only, reachable from a browser through a sign-in, never a 500.</summary>
public class JobsDashboardTests
{
    [Fact]
    public async Task A_browser_is_sent_to_the_sign_in_page_and_an_admin_token_signs_it_in_with_a_cookie_for_the_dashboard_only()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database);
        var admin = await CreateTokenAsync(database, Roles.Admin);
        using var browser = Browser(host);

        using var firstVisit = await browser.GetAsync("/jobs/recurring");
        Assert.Equal(HttpStatusCode.Redirect, firstVisit.StatusCode);
        Assert.Equal("/jobs/sign-in?returnTo=%2Fjobs%2Frecurring", firstVisit.Headers.Location?.OriginalString);
        using var signInPage = await browser.GetAsync(firstVisit.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
        Assert.Contains("name=\"token\"", await signInPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signIn = await browser.PostAsync("/jobs/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = admin, ["returnTo"] = "/jobs/recurring" }));

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/jobs/recurring", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(JobsDashboard.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/jobs", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(admin, cookie, StringComparison.Ordinal);
        using var dashboard = await browser.GetAsync("/jobs/recurring");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("ActionItems jobs", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var signOut = await browser.PostAsync("/jobs/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        using var afterSignOut = await browser.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_refuses_unknown_and_non_admin_tokens_with_the_reason_and_sets_no_cookie()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database);
        var triager = await CreateTokenAsync(database, Roles.Triager);
        using var browser = Browser(host);

        using var unknown = await SignInAsync(browser, "ai_not-a-token");
        using var notAdmin = await SignInAsync(browser, triager);
        using var offSite = await SignInAsync(browser, await CreateTokenAsync(database, Roles.Admin), returnTo: "//evil.example/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Unknown or revoked API token.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        Assert.Contains("needs an admin token", await notAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(unknown.Headers.Contains("Set-Cookie") || notAdmin.Headers.Contains("Set-Cookie"));
        Assert.Equal("/jobs", offSite.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_stats_endpoint_answers_its_form_post_and_refuses_other_requests_with_a_4xx_instead_of_a_500()
    {
        // Before: GET /jobs/stats (and a POST without a form body) threw inside the dashboard: HTTP 500.
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database);
        using var admin = new HttpClient { BaseAddress = host.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateTokenAsync(database, Roles.Admin));

        using var get = await admin.GetAsync("/jobs/stats");
        using var json = await admin.PostAsync("/jobs/stats", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var form = await admin.PostAsync("/jobs/stats",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("metrics[]", "enqueued:count")]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.StartsWith("{", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpClient Browser(RunningHost host)
    {
        var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = host.Address,
        };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        return browser;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token, string returnTo = "/jobs") =>
        browser.PostAsync("/jobs/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["returnTo"] = returnTo }));

    private static async Task<string> CreateTokenAsync(TestDatabase database, string role)
    {
        await using var db = database.CreateContext();
        var created = await new ApiTokens(db, TimeProvider.System).CreateAsync(
            role + "-" + Guid.NewGuid().ToString("N")[..6], role, "test", CancellationToken.None);
        return created.Secret;
    }
}
