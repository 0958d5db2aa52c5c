using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>The recorded GitHub traffic in <c>Fixtures/</c> (see its README): each file a list of request/response pairs.</summary>
public static class GitHubFixtures
{
    public static string Directory { get; } = Find();

    public static JsonArray Load(string scenario) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, scenario + ".json")))!.AsArray();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var fixtures = Path.Combine(dir.FullName, "tests", "ActionItems.IntegrationTests", "Sync", "GitHub", "Fixtures");
            if (System.IO.Directory.Exists(fixtures))
            {
                return fixtures;
            }
        }
        throw new InvalidOperationException("GitHub fixtures not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// Serves recorded answers on 127.0.0.1: a request gets the recording with its method and path (and, for list pages,
/// its <c>page</c> parameter), with <c>https://api.github.com/</c> in headers rewritten to this server. Two artefacts of
/// the recordings' normalization are undone so a client sees what GitHub sends: <c>x-ratelimit-reset</c> in seconds (the
/// fixtures hold milliseconds), and distinct issue ids (normalization gave every issue id 1000; the replay uses
/// 1000 + number).
/// </summary>
public sealed class FixtureReplayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonObject> _recordings;

    private FixtureReplayServer(WebApplication app, List<JsonObject> recordings)
    {
        _app = app;
        _recordings = recordings;
    }

    public Uri BaseUrl { get; private set; } = null!;
    public List<string> Served { get; } = [];

    public static async Task<FixtureReplayServer> StartAsync(params JsonObject[] recordings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FixtureReplayServer(app, [.. recordings]);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var page = http.Request.Query["page"].FirstOrDefault();
        var recording = _recordings.FirstOrDefault(r =>
            string.Equals(r["method"]!.GetValue<string>(), http.Request.Method, StringComparison.OrdinalIgnoreCase) &&
            PathOf(r["path"]!.GetValue<string>()) == http.Request.Path.Value &&
            QueryPage(r["path"]!.GetValue<string>()) == page);
        if (recording is null)
        {
            http.Response.StatusCode = 599;
            await http.Response.WriteAsync("no recording for " + http.Request.Method + " " + http.Request.Path + http.Request.QueryString);
            return;
        }
        Served.Add(http.Request.Method + " " + http.Request.Path + http.Request.QueryString);
        foreach (var (name, value) in recording["headers"]!.AsObject())
        {
            if (name is "content-length" or "connection" or "transfer-encoding")
            {
                continue;
            }
            var text = value!.ToString().Replace("https://api.github.com/", BaseUrl.ToString(), StringComparison.Ordinal);
            if (name == "x-ratelimit-reset" && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                text = (ms / 1000).ToString(CultureInfo.InvariantCulture);
            }
            http.Response.Headers[name] = text;
        }
        http.Response.StatusCode = recording["status"]!.GetValue<int>();
        var body = recording["response"]!.DeepClone();
        foreach (var issue in (body as JsonArray)?.OfType<JsonObject>() ?? (body is JsonObject single && single.ContainsKey("number") ? [single] : []))
        {
            issue["id"] = 1000 + issue["number"]!.GetValue<int>();
        }
        await http.Response.WriteAsync(body.ToJsonString().Replace("https://api.github.com/", BaseUrl.ToString(), StringComparison.Ordinal));
    }

    private static string PathOf(string pathAndQuery) => pathAndQuery.Split('?')[0];

    private static string? QueryPage(string pathAndQuery) =>
        pathAndQuery.Split('?') is [_, var query]
            ? query.Split('&').Select(p => p.Split('=')).FirstOrDefault(p => p[0] == "page")?[1]
            : null;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
