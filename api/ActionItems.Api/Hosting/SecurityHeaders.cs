using ActionItems.Api.Trackers;

namespace ActionItems.Api.Hosting;

/// <summary>
/// The security headers every HTTP answer carries (the web app, the API, errors, 429s and 503s alike): a
/// Content-Security-Policy, no framing, no MIME sniffing, no referrer. The Hangfire dashboard under <c>/jobs</c> gets a
/// policy of its own, because its pages (and the sign-in page in Trackers/JobsDashboard.cs) use inline scripts and styles.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The web app (web/, built by Vite) loads only its own hashed files: scripts and style sheets from <c>/assets</c>,
    /// no inline script or <c>&lt;style&gt;</c> element. Charts are drawn on a canvas. <c>style-src-attr 'unsafe-inline'</c>
    /// lets inline <c>style="…"</c> attributes through (chart tooltips are HTML with such attributes), never a
    /// <c>&lt;style&gt;</c> element or a style sheet from elsewhere. Workers (an in-browser editor such as a bundled
    /// GraphQL explorer) come from the app's own files or are made from them (<c>blob:</c>). Images may be
    /// <c>data:</c> URLs (icons inlined by the build). Nothing is loaded from another origin: no CDN.
    /// </summary>
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Hangfire's dashboard writes inline scripts and styles into its pages (and sets some from its own script), so
    /// <c>/jobs</c> allows inline ones; everything else is as strict as <see cref="AppPolicy"/>: only this origin,
    /// no framing. The dashboard is for admins and shows no user-written HTML unescaped.
    /// </summary>
    public const string JobsDashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>No page sends its address to another site (an item's page to a linked tracker, say).</summary>
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>First in the pipeline, so every answer gets the headers, whichever middleware or endpoint writes it.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Decided now: by the time the answer starts, a Map branch (/jobs/sign-in) has moved the path into PathBase.
            var policy = context.Request.Path.StartsWithSegments(JobsDashboard.Path, StringComparison.OrdinalIgnoreCase)
                ? JobsDashboardPolicy
                : AppPolicy;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                // frame-ancestors is the modern form; X-Frame-Options is what older browsers understand.
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                return Task.CompletedTask;
            });
            await next(context);
        });
}
