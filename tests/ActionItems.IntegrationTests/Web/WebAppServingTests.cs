using System.Net;
using ActionItems.Api.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.Web;

/// <summary>How the host serves the built web app (Web/WebAppEndpoints.cs), over a folder laid out like web/dist.</summary>
public sealed class WebAppServingTests : IAsyncLifetime
{
    private const string Index = "<!doctype html><title>ActionItems app</title>";
    private readonly string _root = Directory.CreateTempSubdirectory("actionitems-web-").FullName;
    private WebApplication? _app;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task<HttpClient> StartAsync(bool withApp)
    {
        if (withApp)
        {
            File.WriteAllText(Path.Combine(_root, "index.html"), Index);
            Directory.CreateDirectory(Path.Combine(_root, "assets"));
            File.WriteAllText(Path.Combine(_root, "assets", "index-abc123.js"), "console.log(1)");
        }
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/graphql", () => "api");
        _app.MapPost("/graphql", () => "api");
        _app.MapActionItemsWebApp(_root);
        await _app.StartAsync();
        // Redirects are what some tests check, so they are not followed.
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.Urls.First()) };
    }

    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_app_is_served_at_its_own_routes_and_its_hashed_assets_are_cached_for_good()
    {
        using var client = await StartAsync(withApp: true);

        foreach (var path in new[] { "/", "/incidents/12", "/items/3", "/incidents/4/review" })
        {
            using var page = await client.GetAsync(path);
            Assert.Equal((HttpStatusCode.OK, Index, "no-cache"),
                (page.StatusCode, await page.Content.ReadAsStringAsync(), page.Headers.CacheControl?.ToString()));
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        }
        using var asset = await client.GetAsync("/assets/index-abc123.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Equal("api", await client.GetStringAsync("/graphql"));
    }

    [Theory]
    [InlineData("/graphql/nothing")]
    [InlineData("/metrics/x")]
    [InlineData("/export/items")]
    [InlineData("/webhooks/phabricator")]
    [InlineData("/assets/missing.js")]
    [InlineData("/assets/gone")]
    [InlineData("/favicon.ico")]
    public async Task Paths_of_the_api_and_missing_files_stay_404_rather_than_the_app(string path)
    {
        using var client = await StartAsync(withApp: true);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Only_reads_get_the_app()
    {
        using var client = await StartAsync(withApp: true);

        using var response = await client.PostAsync("/incidents", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.DoesNotContain("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/graphql", "/explorer")]
    [InlineData("/GraphQL", "/explorer")]
    [InlineData("/graphql?query=%7B%20version%20%7D", "/explorer?query=%7B%20version%20%7D")]
    public async Task A_browser_opening_graphql_is_sent_to_the_apps_explorer_with_its_query(string path, string explorer)
    {
        using var client = await StartAsync(withApp: true);

        using var response = await GetAsync(client, path, BrowserAccept);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(explorer, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/graphql-response+json, application/json;q=0.9")]
    [InlineData("application/json, text/plain, */*")]
    [InlineData("application/json, text/html")]
    [InlineData("text/html;q=0.5, application/json")]
    [InlineData("text/*")]
    [InlineData("text/html;q=0")]
    public async Task Api_clients_asking_graphql_get_the_api_as_before(string? accept)
    {
        using var client = await StartAsync(withApp: true);

        using var response = await GetAsync(client, "/graphql?query=%7Bversion%7D", accept);

        Assert.Equal((HttpStatusCode.OK, "api"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Only_a_get_of_graphql_itself_is_sent_to_the_explorer()
    {
        using var client = await StartAsync(withApp: true);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{}") };
        post.Headers.TryAddWithoutValidation("Accept", BrowserAccept);

        using var posted = await client.SendAsync(post);
        using var below = await GetAsync(client, "/graphql/nothing", BrowserAccept);

        Assert.Equal((HttpStatusCode.OK, "api"), (posted.StatusCode, await posted.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, below.StatusCode);
    }

    [Fact]
    public async Task Without_a_built_app_a_browser_opening_graphql_gets_the_api()
    {
        using var client = await StartAsync(withApp: false);

        using var response = await GetAsync(client, "/graphql", BrowserAccept);

        Assert.Equal((HttpStatusCode.OK, "api"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Without_a_built_app_the_placeholder_says_how_to_build_it()
    {
        using var client = await StartAsync(withApp: false);

        var page = await client.GetStringAsync("/");

        Assert.Contains("SkipWebBuild", page, StringComparison.Ordinal);
        Assert.Contains("/graphql", page, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        Directory.Delete(_root, recursive: true);
    }
}
