using System.Globalization;
using ActionItems.Api.Auth;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.IntegrationTests.Sync.Jobs;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// The counter's promise that tests on the default all-role host rely on (IncidentCountsTests and the other SQL-count
/// tests): a background job's SQL is never counted, whenever it runs, and a request's SQL always is.
/// </summary>
public class SqlCommandCounterTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_background_job_sql_is_never_counted_and_a_request_sql_is(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        long itemId;
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var incident = data.Incident("counted");
            await data.SaveAsync();
            var item = data.Item(incident, "seeded", TestData.T0);
            await data.SaveAsync();
            itemId = item.Id;
        }
        var services = host.Host.Host.Services;
        var storage = services.GetRequiredService<JobStorage>();
        var jobs = services.GetRequiredService<IBackgroundJobClient>();

        host.SqlCommands.Reset();
        var drain = jobs.Enqueue<DrainOutboxJob>(j => j.RunAsync(CancellationToken.None));
        await JobStates.WaitForStateAsync(storage, drain, SucceededState.StateName);
        // The drain did send SQL: it fanned out the seeded item's outbox row.
        Assert.Equal(0, await UnprocessedOutboxRowsAsync(host));
        Assert.Equal(0, host.SqlCommands.Count);
        Assert.Equal(0, host.SqlCommands.AuthenticationCount);

        // A request's SQL is counted, and the drain its commit enqueues (started from within the request) is not.
        (await host.PostAsync("mutation($id: ID!) { setActionItemStatus(id: $id, status: RESOLVED) { errors { code } } }",
            new { id = itemId.ToString(CultureInfo.InvariantCulture) }, role: Roles.Triager)).Ok();
        var byRequest = host.SqlCommands.Count;
        Assert.True(byRequest > 0, "the mutation's SQL was not counted");
        Assert.True(host.SqlCommands.AuthenticationCount >= 1, "the token lookup was not counted apart");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await UnprocessedOutboxRowsAsync(host) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, await UnprocessedOutboxRowsAsync(host));
        var drainOfRequest = JobStates.LastJobOf<DrainOutboxJob>(storage);
        Assert.NotEqual(drain, drainOfRequest);
        await JobStates.WaitForStateAsync(storage, drainOfRequest, SucceededState.StateName);
        Assert.Equal(byRequest, host.SqlCommands.Count);
    }

    private static async Task<int> UnprocessedOutboxRowsAsync(GraphQLHost host)
    {
        await using var db = host.Database.CreateContext();
        return await db.OutboxMessages.CountAsync(m => m.ProcessedAt == null);
    }
}
