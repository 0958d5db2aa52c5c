using ActionItems.Api.Auth;
using ActionItems.Application.Metrics;

namespace ActionItems.Api.Metrics;

/// <summary>
/// <c>GET /metrics</c>: remediation-health and sync gauges for Prometheus (<see cref="PrometheusText"/>), counted at
/// scrape time (<see cref="ActionItemMetrics"/>, <see cref="SyncHealthMetrics"/>), and this process's own counters and
/// histograms (<see cref="MeterCollector"/>). Readable with an admin API token or JWT, or with the metrics token
/// (<see cref="MetricsToken"/>); anonymous read does not open it. A database outage answers 503 like every other
/// endpoint (Hosting/DatabaseOutageMiddleware.cs): the text is written only once every query has answered.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IHostApplicationBuilder AddActionItemsMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(MetricsToken.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<SyncHealthMetrics>();
        builder.Services.AddSingleton<MeterCollector>();
        // Started with the host, so it sees every measurement from the first request on.
        builder.Services.AddHostedService(services => services.GetRequiredService<MeterCollector>());
        return builder;
    }

    public static IEndpointRouteBuilder MapActionItemsMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ScrapeAsync);
        return app;
    }

    private static async Task ScrapeAsync(HttpContext http, MetricsToken metricsToken, ActionItemMetrics metrics, SyncHealthMetrics syncHealth,
        MeterCollector instruments)
    {
        if (!metricsToken.Matches(ApiTokenAuthenticationHandler.BearerToken(http.Request)) && !http.User.IsInRole(Roles.Admin))
        {
            await RefuseAsync(http);
            return;
        }
        var items = await metrics.ReadAsync(http.RequestAborted);
        var sync = await syncHealth.ReadAsync(http.RequestAborted);
        var text = PrometheusText.Write(items, sync, instruments.Collect());
        http.Response.ContentType = PrometheusText.ContentType;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(text, http.RequestAborted);
    }

    /// <summary>401 with the reason credentials were refused (or that none were sent), 403 for a token below admin.</summary>
    private static Task RefuseAsync(HttpContext http)
    {
        // The anonymous viewer of anonymous read sent no credentials at all: for metrics that is a 401, not a 403.
        if (http.User.Identity?.IsAuthenticated == true && !http.User.IsAnonymous())
        {
            return Results.Json(new { error = "metrics need role 'admin' or the metrics token (Metrics:Token)", code = "FORBIDDEN" },
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
        }
        var refusal = CredentialRefusal.Describe(http);
        if (refusal is not null && ApiTokenAuthenticationHandler.BearerToken(http.Request) is { } token &&
            !token.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal))
        {
            refusal = "The bearer token is not the metrics token (Metrics:Token), an API token (they start with 'ai_') or a valid JWT.";
        }
        http.Response.Headers.WWWAuthenticate = refusal is null ? CredentialRefusal.Challenge : CredentialRefusal.InvalidTokenChallenge;
        return Results.Json(new { error = refusal ?? "metrics need an admin API token or the metrics token (Authorization: Bearer …)", code = "UNAUTHENTICATED" },
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
    }
}
