using ActionItems.Api.Health;
using ActionItems.Core;
using ActionItems.Sync.Telemetry;
using Hangfire.Common;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActionItems.Api.Observability;

/// <summary>
/// Logs, traces and correlation for every role: JSON console logs outside Development, a correlation id per request
/// (<see cref="CorrelationIdMiddleware"/>) and per job (<see cref="JobTraceFilter"/>), and OpenTelemetry traces and
/// metrics (ASP.NET Core, HttpClient, Npgsql, our meter) sent over OTLP only when an endpoint is configured.
/// </summary>
public static class ObservabilityRegistration
{
    /// <summary>The standard OpenTelemetry variable; unset, nothing is exported and the SDK is not even registered.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>ASP.NET Core's own key for the console format: <c>json</c>, <c>simple</c> or <c>systemd</c>.</summary>
    public const string ConsoleFormatterKey = "Logging:Console:FormatterName";

    public const string ServiceName = "actionitems";

    /// <summary>The other OpenTelemetry variables the exporter reads, for the list of known configuration keys.</summary>
    public static IReadOnlyList<string> ConfigurationKeys { get; } =
        [OtlpEndpointKey, "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"];

    public static IHostApplicationBuilder AddActionItemsObservability(this IHostApplicationBuilder builder)
    {
        UseJsonConsoleOutsideDevelopment(builder);
        // Every log record carries the trace it belongs to: a request's, or a job's (which continues the one that enqueued it).
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddSingleton<IStartupFilter, CorrelationIdMiddleware.StartupFilter>();
        builder.Services.AddSingleton(services => new JobFilter(
            new JobTraceFilter(services.GetRequiredService<ILoggerFactory>()), JobFilterScope.Global, JobTraceFilter.FilterOrder));

        if (OtlpEndpoint(builder.Configuration) is not null)
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? ServiceName,
                    serviceVersion: AppInfo.Version))
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(ActionItemsTelemetry.JobsActivitySourceName))
                .WithMetrics(metrics => metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter("Npgsql")
                    .AddMeter(ActionItemsTelemetry.MeterName))
                // Reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS from configuration (environment variables).
                .UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>The configured OTLP endpoint, or null when export is off.</summary>
    /// <exception cref="ConfigurationErrorException">The value is not an absolute http(s) URL.</exception>
    public static Uri? OtlpEndpoint(IConfiguration configuration)
    {
        var value = configuration[OtlpEndpointKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw new ConfigurationErrorException(OtlpEndpointKey,
                $"'{value}' is not an absolute http(s) URL of an OTLP collector (e.g. http://otel-collector:4317)");
    }

    /// <summary>
    /// Outside Development the console writes one JSON object per record (with its scopes: trace id, request path, job id),
    /// which log collectors parse without rules; Development keeps ASP.NET Core's readable lines. A configured
    /// <see cref="ConsoleFormatterKey"/> wins either way.
    /// </summary>
    private static void UseJsonConsoleOutsideDevelopment(IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[ConsoleFormatterKey]) || builder.Environment.IsDevelopment())
        {
            return;
        }
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = ConsoleFormatterNames.Json);
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
    }

    /// <summary>Probes are polled every few seconds and say nothing a trace would need.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthRegistration.LivenessPath) || path.StartsWithSegments(HealthRegistration.ReadinessPath);
}
