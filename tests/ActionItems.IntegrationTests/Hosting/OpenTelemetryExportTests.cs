using System.Collections.Concurrent;
using System.Net;
using ActionItems.Api.Hosting;
using ActionItems.Api.Observability;
using ActionItems.Core;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>OpenTelemetry is off unless an OTLP endpoint is configured; with one, traces and metrics reach it.</summary>
[Collection(HostCollection.Name)]
public class OpenTelemetryExportTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_open_telemetry_is_not_even_registered()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, HostRole.Api);

        Assert.Null(host.Host.Services.GetService<TracerProvider>());
        Assert.Null(host.Host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_requests_are_exported_as_traces_and_metrics_over_http()
    {
        using var collector = new FakeOtlpCollector();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var host = await RunningHost.StartAsync(database, HostRole.Api, extraArgs:
            [$"--{ObservabilityRegistration.OtlpEndpointKey}={collector.Address}", "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"]);
        try
        {
            Assert.NotNull(host.Host.Services.GetService<TracerProvider>());
            (await host.Client.PostAsync("/graphql", new StringContent("""{"query":"query Version { version }"}""",
                System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }
        finally
        {
            // Stopping the host flushes what the exporters hold.
            await host.DisposeAsync();
        }

        Assert.Contains("/v1/traces", collector.Paths);
        Assert.Contains("/v1/metrics", collector.Paths);
    }

    [Fact]
    public async Task An_endpoint_that_is_no_url_stops_the_start_naming_the_variable()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var error = await Assert.ThrowsAsync<ConfigurationErrorException>(() =>
            RunningHost.StartAsync(database, HostRole.Api, extraArgs: $"--{ObservabilityRegistration.OtlpEndpointKey}=collector:4317"));

        Assert.Equal(ObservabilityRegistration.OtlpEndpointKey, error.Key);
    }

    /// <summary>Answers every OTLP/HTTP export on a loopback port with 200 and remembers the paths posted to.</summary>
    private sealed class FakeOtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<string> _paths = new();

        public FakeOtlpCollector()
        {
            var port = LoopbackPort.Free();
            Address = new Uri($"http://127.0.0.1:{port}");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = AnswerAsync();
        }

        public Uri Address { get; }

        public IReadOnlyCollection<string> Paths => [.. _paths];

        public void Dispose() => _listener.Close();

        private async Task AnswerAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _paths.Enqueue(context.Request.Url!.AbsolutePath);
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
