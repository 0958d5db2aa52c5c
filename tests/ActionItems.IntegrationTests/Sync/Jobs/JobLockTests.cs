using System.Reflection;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>
/// Each job's lock (<see cref="OneAtATimeAttribute"/>) as the real host runs it on PostgreSQL: the test holds the lock
/// a running job of the same link, target or drain would hold, and watches what the next job does.
/// </summary>
[Collection(SyncScenario.Collection)]
public class JobLockTests
{
    /// <summary>Long enough for a job that ignored the lock to have reached the tracker.</summary>
    private static readonly TimeSpan WhileHeld = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_link_job_waits_while_another_run_of_the_same_link_holds_the_lock_and_syncs_once_it_is_released()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        var linkId = (await s.LoadAsync(item.Id)).Link.Id;
        var callsBefore = s.Phorge.TotalCalls;

        string jobId;
        using (HoldLockOf<SyncLinkJob>(s, linkId))
        {
            jobId = Jobs(s).Enqueue<SyncLinkJob>(j => j.RunAsync(linkId, CancellationToken.None));
            await JobStates.WaitForStateAsync(Storage(s), jobId, ProcessingState.StateName);
            await Task.Delay(WhileHeld);
            Assert.Equal(callsBefore, s.Phorge.TotalCalls);
        }
        await s.QuietAsync();

        Assert.Equal(SucceededState.StateName, JobStates.StateOf(Storage(s), jobId));
        Assert.True(s.Phorge.TotalCalls > callsBefore, "the link job read its task once the lock was free");
    }

    [Fact]
    public async Task A_poll_that_finds_its_target_locked_leaves_at_once_without_calling_the_tracker_or_retrying()
    {
        await using var s = await SyncScenario.StartAsync();
        s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        await s.CreateLinkedItemAsync("Add paging", "T1");
        await s.DrainAsync();
        var callsBefore = s.Phorge.TotalCalls;

        using (HoldLockOf<PollTargetJob>(s, s.TargetId))
        {
            await s.PollAsync();
        }

        Assert.Equal(callsBefore, s.Phorge.TotalCalls);
        Assert.Equal((0L, 0L), (s.ScheduledCount, s.FailedCount));
        await s.PollAsync();
        Assert.True(s.Phorge.TotalCalls > callsBefore, "a poll of an unlocked target calls the tracker");
    }

    [Fact]
    public async Task A_drain_waits_for_the_running_drain_and_then_drains()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        await s.CreateItemAsync("Rotate the TLS certificates");

        string jobId;
        using (HoldLockOf<DrainOutboxJob>(s))
        {
            jobId = Jobs(s).Enqueue<DrainOutboxJob>(j => j.RunAsync(CancellationToken.None));
            await JobStates.WaitForStateAsync(Storage(s), jobId, ProcessingState.StateName);
            await Task.Delay(WhileHeld);
            Assert.Empty(s.Phorge.Phorge.AllTasks());
        }
        await s.QuietAsync();

        Assert.Equal(SucceededState.StateName, JobStates.StateOf(Storage(s), jobId));
        Assert.Single(s.Phorge.Phorge.AllTasks());
    }

    /// <summary>Takes the lock that <typeparamref name="TJob"/> declares, for these job arguments, as a running job would.</summary>
    private static Held HoldLockOf<TJob>(SyncScenario s, params object[] args)
    {
        var declared = typeof(TJob).GetCustomAttribute<OneAtATimeAttribute>()
                       ?? throw new InvalidOperationException($"{typeof(TJob).Name} declares no lock");
        var connection = Storage(s).GetConnection();
        var held = connection.AcquireDistributedLock(declared.ResourceFor(args), TimeSpan.FromSeconds(5));
        return new Held(connection, held);
    }

    private sealed class Held(IDisposable connection, IDisposable held) : IDisposable
    {
        public void Dispose()
        {
            held.Dispose();
            connection.Dispose();
        }
    }

    private static JobStorage Storage(SyncScenario s) => JobStates.StorageOf(s);

    private static IBackgroundJobClient Jobs(SyncScenario s) => s.Host.Host.Services.GetRequiredService<IBackgroundJobClient>();
}
