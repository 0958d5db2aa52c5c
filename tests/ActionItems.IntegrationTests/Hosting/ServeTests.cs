using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Hosting;
using ActionItems.Core;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Hosting;

// Hangfire keeps its storage in a static (JobStorage.Current): hosts in one process must not overlap.
[Collection(HostCollection.Name)]
public class ServeTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_is_ready_and_answers_the_version_query(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
        await using var host = await RunningHost.StartAsync(database);

        using var ready = await host.Client.GetAsync("/readyz");
        var readiness = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", readiness.GetProperty("status").GetString());
        Assert.Equal("Healthy", readiness.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", readiness.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());

        using var response = await host.Client.PostAsJsonAsync("/graphql", new { query = "{ version }" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/graphql-response+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Api.AppInfo.Version, body.GetProperty("data").GetProperty("version").GetString());
    }

    [Fact]
    public async Task Healthz_answers_without_touching_dependencies()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database);

        using var response = await host.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy","checks":{}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_reports_unavailable_when_the_database_is_gone()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var host = await RunningHost.StartAsync(database, HostRole.Api);

        await database.DisposeAsync(); // drops the database under the running host

        using var response = await host.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_worker_on_postgres_registers_a_job_server_and_serves_no_http()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var worker = await RunningHost.StartAsync(database, HostRole.Worker);

        Assert.Null(worker.Address);
        var storage = worker.Host.Services.GetRequiredService<JobStorage>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (storage.GetMonitoringApi().Servers().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.NotEmpty(storage.GetMonitoringApi().Servers());
    }

    [Fact]
    public async Task A_worker_refuses_to_start_on_a_database_that_is_not_migrated()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);

        var e = await Assert.ThrowsAsync<ConfigurationErrorException>(() => RunningHost.StartAsync(database, HostRole.Worker));

        Assert.Equal(DatabaseOptions.ConnectionStringKey, e.Key);
        Assert.Contains("pending migration", e.Problem, StringComparison.Ordinal);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "hosts";
}
