using ActionItems.Api.Export;
using ActionItems.Api.GraphQL;
using ActionItems.Api.Health;
using ActionItems.Api.Hosting;
using ActionItems.Api.Metrics;
using ActionItems.Api.Trackers;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ActionItems.Api.Web;

/// <summary>
/// The web app (web/): its built files are copied beside the binary into <c>web/</c> by the Api project's build
/// (ActionItems.Api.csproj, target BuildWebApp). The host serves them at <c>/</c>, and <c>index.html</c> for every
/// other GET that is not the API's, so the app's own routes (<c>/incidents/12</c>) survive a reload.
/// </summary>
public static class WebAppEndpoints
{
    /// <summary>The folder beside the binary the build copies web/dist into.</summary>
    public const string FolderName = "web";

    /// <summary>The app's GraphQL explorer (web/src/pages/ExplorerPage.tsx), where a browser opening /graphql is sent.</summary>
    public const string ExplorerPath = "/explorer";

    /// <summary>Paths the app never answers: a typo there must stay an honest 404, not the app's HTML.</summary>
    /// <remarks>Built from the endpoints' own constants, so a moved endpoint cannot fall through to the app.</remarks>
    private static readonly string[] ApiPrefixes =
    [
        GraphQLEndpoint.Path, JobsDashboard.Path, MetricsEndpoint.Path, ExportEndpoints.PathPrefix,
        HealthRegistration.LivenessPath, HealthRegistration.ReadinessPath, RequestRateLimits.WebhooksPath, AssetsPath,
    ];

    /// <summary>The folder of the app's own built files (Vite's default): a missing one is a 404, not index.html.</summary>
    private const string AssetsPath = "/assets";

    private const string PlaceholderPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ActionItems</title></head>
        <body>
          <h1>ActionItems</h1>
          <p>The web app was not built into this binary (no <code>web/index.html</code> beside it): it was built with
             <code>-p:SkipWebBuild=true</code>, or without Node.js/npm. Build it with <code>./run.sh</code> or
             <code>dotnet build api/ActionItems.Api -c Release</code> (needs Node.js 20+ and npm; see web/README.md).</p>
          <p>The API works without it:</p>
          <ul>
            <li><a href="/graphql?query=%7Bversion%7D">/graphql</a> — the GraphQL API</li>
            <li><a href="/readyz">/readyz</a> — readiness (database, job storage)</li>
            <li><a href="/jobs">/jobs</a> — background jobs dashboard (admins; sign in with an admin API token)</li>
          </ul>
        </body></html>
        """;

    public static WebApplication MapActionItemsWebApp(this WebApplication app) =>
        app.MapActionItemsWebApp(Path.Combine(AppContext.BaseDirectory, FolderName));

    internal static WebApplication MapActionItemsWebApp(this WebApplication app, string root)
    {
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.MapGet("/", () => Results.Content(PlaceholderPage, "text/html; charset=utf-8"));
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.Use(async (http, next) =>
        {
            if (IsBrowserOpeningGraphQL(http.Request))
            {
                // The query string goes along: a shared /graphql?query=… link opens in the explorer with that query.
                http.Response.Redirect(ExplorerPath + http.Request.QueryString);
                return;
            }
            await next(http);
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite names every asset by its content hash: a changed file gets a new name, so browsers may keep
                // these forever. index.html names the current ones and must be asked for again each time.
                context.Context.Response.Headers.CacheControl =
                    context.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        app.MapFallback(async http =>
        {
            var request = http.Request;
            if (ApiPrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(files.GetFileInfo("index.html"), http.RequestAborted);
        })
        // Reads only: a fallback for every method would also win over the 405 that routing gives a known path asked
        // with the wrong method (PUT /graphql), and a POST to an app route gets that 405 too, not the page.
        .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }

    /// <summary>
    /// A GET of /graphql by a browser navigating there: its Accept ranks <c>text/html</c>, named explicitly, above both
    /// GraphQL response types (a browser sends <c>text/html,…,*/*;q=0.8</c>). API clients never name text/html above
    /// JSON (curl sends <c>*/*</c>), so they keep the GraphQL-over-HTTP answer; a tie goes to the API too.
    /// </summary>
    internal static bool IsBrowserOpeningGraphQL(HttpRequest request)
    {
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) ||
            !request.Path.Equals(GraphQLEndpoint.Path, StringComparison.OrdinalIgnoreCase) ||
            !MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }
        var html = accepted.Where(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            .Select(Quality).DefaultIfEmpty(0).Max();
        return html > 0 && html > QualityOf(accepted, "application/graphql-response+json") && html > QualityOf(accepted, "application/json");
    }

    /// <summary>The quality an Accept list gives <paramref name="mediaType"/>: its most specific match (exact, type/*, */*).</summary>
    private static double QualityOf(IList<MediaTypeHeaderValue> accepted, string mediaType)
    {
        var type = mediaType[..mediaType.IndexOf('/', StringComparison.Ordinal)];
        foreach (var pattern in new[] { mediaType, type + "/*", "*/*" })
        {
            var match = accepted.Where(a => a.MediaType.Equals(pattern, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count > 0)
            {
                return match.Max(Quality);
            }
        }
        return 0;
    }

    private static double Quality(MediaTypeHeaderValue value) => value.Quality ?? 1;
}
