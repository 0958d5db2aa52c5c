using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// A MediaWiki Action API on 127.0.0.1 answering <c>action=query&amp;prop=revisions</c> the way MediaWiki
/// does with <c>formatversion=2</c>: pages as a list, <c>missing</c>/<c>invalid</c> flags, errors as
/// <c>{"error":{"code","info"}}</c> with HTTP 200.
/// </summary>
public sealed class FakeMediaWiki : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Content, long RevisionId, DateTimeOffset Timestamp)> _pages = new();

    private FakeMediaWiki(WebApplication app) => _app = app;

    public Uri Origin { get; private set; } = null!;
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeMediaWiki> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeMediaWiki(app);
        app.MapGet("/w/api.php", fake.Answer);
        await app.StartAsync();
        fake.Origin = new Uri(app.Urls.First());
        return fake;
    }

    public void SetPage(string title, string content, long revisionId, DateTimeOffset timestamp) =>
        _pages[title] = (content, revisionId, timestamp);

    private IResult Answer(HttpRequest request)
    {
        Requests.Enqueue(request.QueryString.Value ?? "");
        var q = request.Query;
        var rvprop = q["rvprop"].ToString().Split('|');
        if (q["action"] != "query" || q["prop"] != "revisions" || q["format"] != "json" || q["formatversion"] != "2" ||
            q["rvslots"] != "main" || !rvprop.Contains("content") || !rvprop.Contains("timestamp"))
        {
            return Json(new JsonObject
            {
                ["error"] = new JsonObject { ["code"] = "badvalue", ["info"] = "Unexpected query: " + request.QueryString },
            });
        }
        var title = q["titles"].ToString();
        JsonObject page;
        if (title.Contains('[', StringComparison.Ordinal))
        {
            page = new JsonObject { ["title"] = title, ["invalidreason"] = "The requested page title contains invalid characters: \"[\".", ["invalid"] = true };
        }
        else if (_pages.TryGetValue(title, out var stored))
        {
            page = new JsonObject
            {
                ["pageid"] = 1000 + Math.Abs(title.GetHashCode(StringComparison.Ordinal) % 1000),
                ["ns"] = 0,
                ["title"] = title,
                ["revisions"] = new JsonArray(new JsonObject
                {
                    ["revid"] = stored.RevisionId,
                    ["parentid"] = stored.RevisionId - 1,
                    ["timestamp"] = stored.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    ["slots"] = new JsonObject
                    {
                        ["main"] = new JsonObject { ["contentmodel"] = "wikitext", ["contentformat"] = "text/x-wiki", ["content"] = stored.Content },
                    },
                }),
            };
        }
        else
        {
            page = new JsonObject { ["ns"] = 0, ["title"] = title, ["missing"] = true };
        }
        return Json(new JsonObject
        {
            ["batchcomplete"] = true,
            ["query"] = new JsonObject { ["pages"] = new JsonArray(page) },
        });
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
