using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionItems.Api.Health;

public static class HealthRegistration
{
    /// <summary>Liveness; deploy/kubernetes/api.yaml probes it.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness; deploy/kubernetes/api.yaml probes it, <c>actionitems health</c> asks it.</summary>
    public const string ReadinessPath = "/readyz";

    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddActionItemsHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<JobStorageHealthCheck>("jobs", tags: [ReadyTag]);
        return builder;
    }

    /// <summary><c>/healthz</c>: the process is up (no dependency checked). <c>/readyz</c>: database and job storage usable.</summary>
    /// <remarks>
    /// Middleware, not endpoints, and placed before authentication: probes need no identity, and a probe that sends
    /// an Authorization header must not make <c>/readyz</c> depend on the token lookup (a 500 while the database is down).
    /// </remarks>
    public static IApplicationBuilder UseActionItemsHealth(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        app.UseHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
        });
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
