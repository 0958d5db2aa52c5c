using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>PostgreSQL goes away under a running host: every request says so with 503 and one log line.</summary>
[Collection(HostCollection.Name)]
public class DatabaseOutageTests
{
    [Fact]
    public async Task When_postgres_is_unreachable_requests_answer_503_unavailable_with_retry_after_and_one_warning_each()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        string secret;
        await using (var db = database.CreateContext())
        {
            secret = (await new ApiTokens(db, TimeProvider.System).CreateAsync("probe", Roles.Viewer, "test", CancellationToken.None)).Secret;
        }
        var target = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        await using var forwarder = new TcpForwarder(target.Host!, target.Port);
        var throughForwarder = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString)
        {
            Host = "127.0.0.1", Port = forwarder.Port, Timeout = 3,
        }.ConnectionString;
        await using var host = await RunningHost.StartAsync(database, HostRole.Api, testServices: true, throughForwarder,
            "--Auth:AnonymousRead=true");
        var logs = host.Host.Services.GetRequiredService<LogCapture>();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "{ version }", secret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, "{ actionItems { totalCount } }", bearer: null)).Status);

        await forwarder.CutAsync();

        // The token lookup fails (before any GraphQL runs), then a resolver fails (anonymous read needs no lookup).
        foreach (var (query, bearer) in new[] { ("{ version }", secret), ("{ actionItems { totalCount } }", null) })
        {
            logs.Clear();
            var response = await PostAsync(host, query, bearer);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
            Assert.Equal(TimeSpan.FromSeconds(5), response.RetryAfter);
            Assert.Equal("UNAVAILABLE", response.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            var warnings = logs.Records.Where(e => e.Level >= LogLevel.Warning).ToList();
            Assert.True(warnings.Count == 1 && warnings[0].Exception is null && warnings[0].Level == LogLevel.Warning,
                $"{query}: expected one warning line without a stack trace, got:\n" +
                string.Join('\n', warnings.Select(w => $"{w.Level} {w.Category}: {w.Message} {w.Exception?.GetType().Name}")));
        }

        // Probes are not authenticated, so a probe's Authorization header cannot turn readiness into a 500.
        using var ready = new HttpRequestMessage(HttpMethod.Get, "/readyz") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", secret) } };
        using var readyResponse = await host.Client.SendAsync(ready);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyResponse.StatusCode);
        var readiness = await readyResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", readiness.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        using var live = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", secret) } };
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(live)).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Outages_are_recognised_through_the_wrappers_ef_core_puts_around_them(bool wrapped)
    {
        Exception refused = new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111));
        if (wrapped)
        {
            refused = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", refused);
        }
        Assert.True(DatabaseOutage.IsOutage(refused));
        Assert.True(DatabaseOutage.IsOutage(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(DatabaseOutage.IsOutage(new Microsoft.Data.Sqlite.SqliteException("constraint failed", 19)));
        Assert.False(DatabaseOutage.IsOutage(new InvalidOperationException("a bug")));
    }

    private sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, JsonElement Body);

    private static async Task<Answer> PostAsync(RunningHost host, string query, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 0, $"{query}: {(int)response.StatusCode} with an empty body; log:\n" + string.Join('\n',
            host.Host.Services.GetRequiredService<LogCapture>().Records.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception}")));
        return new Answer(response.StatusCode, response.Headers.RetryAfter?.Delta, JsonDocument.Parse(text).RootElement.Clone());
    }
}
