using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>
/// Hangfire keeps a process-wide activator (JobActivator.Current, set by every host's AddHangfire when it starts): a
/// server that took it would build its jobs from another host's services, against that host's database.
/// </summary>
[Collection(HostCollection.Name)]
public class HostJobActivationTests
{
    [Fact]
    public async Task Each_of_two_hosts_in_one_process_builds_its_jobs_from_its_own_services()
    {
        await using var firstDatabase = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var secondDatabase = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await AddOldProcessedOutboxRowAsync(firstDatabase);
        await AddOldProcessedOutboxRowAsync(secondDatabase);
        // Both built before either starts: the global activator then belongs to the second host when the first starts.
        using var first = await BuildAsync(firstDatabase);
        using var second = await BuildAsync(secondDatabase);
        await first.StartAsync();
        await second.StartAsync();
        try
        {
            await PurgeAsync(first);
            Assert.Equal(0, await OutboxCountAsync(firstDatabase));
            Assert.NotEqual(0, await OutboxCountAsync(secondDatabase));

            await AddOldProcessedOutboxRowAsync(firstDatabase);
            await PurgeAsync(second);
            Assert.Equal(0, await OutboxCountAsync(secondDatabase));
            Assert.NotEqual(0, await OutboxCountAsync(firstDatabase));
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    /// <summary>The real host on an embedded database, built but not started.</summary>
    private static Task<IHost> BuildAsync(TestDatabase database) => ActionItemsHost.CreateAsync(HostRole.All,
        ["--urls=http://127.0.0.1:0", $"--{DatabaseOptions.ConnectionStringKey}=", $"--{DatabaseOptions.SqlitePathKey}={database.Options.SqliteFile}"],
        CancellationToken.None);

    /// <summary>Runs the purge of processed outbox rows (a job with a scoped DbContext) on the host and waits for it.</summary>
    private static async Task PurgeAsync(IHost host)
    {
        var jobId = host.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<PurgeProcessedOutboxJob>(j => j.RunAsync(CancellationToken.None));
        await JobStates.WaitForStateAsync(host.Services.GetRequiredService<JobStorage>(), jobId, SucceededState.StateName);
    }

    private static async Task AddOldProcessedOutboxRowAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        var incident = new Incident { Slug = "incident-" + Guid.NewGuid().ToString("N")[..8], Title = "I", CreatedAt = longAgo };
        db.Incidents.Add(incident);
        var item = ActionItem.Create(0, "item", new Change("alice", ChangeOrigin.Local, longAgo));
        item.Incident = incident;
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        await db.OutboxMessages.ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, longAgo));
    }

    private static async Task<int> OutboxCountAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.OutboxMessages.CountAsync();
    }
}
