using ActionItems.Api.Hosting;
using ActionItems.Application.Policies;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Jobs;

[Collection(HostCollection.Name)]
public class RecurringScheduleTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_server_schedules_the_outbox_sweep_and_purges_and_on_postgres_the_rollup_compaction(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var host = await RunningHost.StartAsync(database, HostRole.All);

        using var connection = host.Host.Services.GetRequiredService<JobStorage>().GetConnection();
        var scheduled = connection.GetRecurringJobs().Select(j => j.Id).Order().ToList();

        List<string> expected = [DrainOutboxJob.RecurringId, PurgeProcessedOutboxJob.RecurringId, PurgeTrackerCallCountsJob.RecurringId,
            PolicyDigestJob.RecurringId];
        if (provider == DatabaseProvider.Postgres)
        {
            expected.Add(CompactOpenItemDaysJob.RecurringId); // the rollup exists on PostgreSQL only
        }
        Assert.Equal(expected.Order(), scheduled);
        // The policy digest runs daily at Policies:Digest:Hour (default 08:00 UTC), and the host can activate it.
        Assert.Equal("0 8 * * *", connection.GetRecurringJobs().Single(j => j.Id == PolicyDigestJob.RecurringId).Cron);
        await using var scope = host.Host.Services.CreateAsyncScope();
        Assert.Equal(PolicyDigestOutcome.NotConfigured, await scope.ServiceProvider.GetRequiredService<PolicyDigestJob>().RunAsync(default));
    }
}
