using System.Diagnostics;
using System.Net.Http.Json;
using ActionItems.Api.Observability;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.IntegrationTests.Sync.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Operations;

/// <summary>
/// One correlation id follows a push: the GraphQL request's trace id (a caller's <c>traceparent</c> honoured) is answered
/// in <c>X-Correlation-Id</c> and is the trace id in the log records of the jobs it caused, down to the tracker call.
/// </summary>
[Collection(SyncScenario.Collection)]
public class CorrelationTests
{
    private const string ImportMutation = "mutation($text: String!) { importPostmortem(input: { text: $text }) { errors { code } } }";

    [Fact]
    public async Task A_push_logs_the_trace_id_of_the_mutation_that_caused_it_from_the_request_to_the_job_to_the_tracker_call()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems", extraHostArgs:
            ["--Logging:LogLevel:ActionItems=Debug", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information"]);
        var logs = s.Host.Host.Services.GetRequiredService<LogCapture>();
        using var admin = await s.ClientAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = ImportMutation, variables = new { text = "# Disk full\n\n## Action items\n\n- Alert on disk usage\n" } }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await admin.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await s.QuietAsync();

        Assert.Equal(traceId, Assert.Single(response.Headers.GetValues(CorrelationIdMiddleware.HeaderName)));
        Assert.Single(s.Phorge.Phorge.AllTasks());
        var trackerCalls = logs.Records
            .Where(r => r.Category.EndsWith(".ConduitClient", StringComparison.Ordinal) && r.Message.Contains("maniphest.edit", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(trackerCalls);
        Assert.All(trackerCalls, call =>
        {
            Assert.Contains($"\"TraceId\":\"{traceId}\"", call.Json, StringComparison.Ordinal);
            Assert.Contains("\"JobId\":", call.Json, StringComparison.Ordinal);
            Assert.Contains("\"Job\":\"PushLinksJob.", call.Json, StringComparison.Ordinal);
        });
        Assert.Contains(logs.Records, r => r.Json.Contains($"\"TraceId\":\"{traceId}\"", StringComparison.Ordinal) &&
                                           r.Json.Contains("\"RequestPath\":\"/graphql\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_request_without_a_traceparent_gets_a_correlation_id_of_its_own_refused_ones_too()
    {
        await using var database = await TestDatabase.CreateAsync(ActionItems.Data.DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, ActionItems.Api.Hosting.HostRole.Api);
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        using var first = await anonymous.GetAsync("/metrics");
        using var second = await anonymous.GetAsync("/healthz");

        var ids = new[] { first, second }.Select(r => Assert.Single(r.Headers.GetValues(CorrelationIdMiddleware.HeaderName))).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }
}
