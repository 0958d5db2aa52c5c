namespace ActionItems.Api.Web;

public static class WebAppEndpoints
{
    // The web app replaces this page when it lands (web/README.md).
    private const string PlaceholderPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ActionItems</title></head>
        <body>
          <h1>ActionItems</h1>
          <p>The web app is not built yet. Useful now:</p>
          <ul>
            <li><a href="/graphql?query=%7Bversion%7D">/graphql</a> — the GraphQL API</li>
            <li><a href="/readyz">/readyz</a> — readiness (database, job storage)</li>
            <li><a href="/jobs">/jobs</a> — background jobs dashboard (admins; sign in with an admin API token)</li>
          </ul>
        </body></html>
        """;

    public static IEndpointRouteBuilder MapActionItemsWebApp(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Content(PlaceholderPage, "text/html; charset=utf-8"));
        return app;
    }
}
