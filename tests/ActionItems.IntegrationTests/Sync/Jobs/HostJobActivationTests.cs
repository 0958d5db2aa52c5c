using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>
/// Hangfire keeps a process-wide activator (JobActivator.Current, set by every host's AddHangfire): a host whose server
/// used it would build its jobs from whichever host started last.
/// </summary>
[Collection(HostCollection.Name)]
public class HostJobActivationTests
{
    [Fact]
    public async Task A_job_resolves_its_scoped_services_from_the_host_that_runs_it_while_another_host_runs_in_the_process()
    {
        await using var firstDatabase = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var secondDatabase = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await AddOldProcessedOutboxRowAsync(firstDatabase);
        await AddOldProcessedOutboxRowAsync(secondDatabase);
        await using var first = await RunningHost.StartAsync(firstDatabase);
        await using var second = await RunningHost.StartAsync(secondDatabase);

        var jobId = first.Host.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<PurgeProcessedOutboxJob>(j => j.RunAsync(CancellationToken.None));
        await WaitUntilSucceededAsync(first.Host.Services.GetRequiredService<JobStorage>(), jobId);

        Assert.Equal(0, await OutboxCountAsync(firstDatabase));
        Assert.NotEqual(0, await OutboxCountAsync(secondDatabase));
    }

    private static async Task AddOldProcessedOutboxRowAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-30);
        var incident = new Incident { Slug = "i", Title = "I", CreatedAt = longAgo };
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

    private static async Task WaitUntilSucceededAsync(JobStorage storage, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? state;
        do
        {
            await Task.Delay(50);
            using var connection = storage.GetConnection();
            state = connection.GetJobData(jobId)?.State;
            Assert.NotEqual(FailedState.StateName, state);
        }
        while (state != SucceededState.StateName && DateTime.UtcNow < deadline);
        Assert.Equal(SucceededState.StateName, state);
    }
}
