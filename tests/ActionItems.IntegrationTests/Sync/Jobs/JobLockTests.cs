using System.Reflection;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.Hosting;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>
/// Each job's lock (<see cref="OneAtATimeAttribute"/>) as the real host runs it on PostgreSQL: the test holds the lock
/// a running job of the same target or drain would hold, and watches what the next job does.
/// </summary>
[Collection(SyncScenario.Collection)]
public class JobLockTests
{
    /// <summary>Long enough for a job that ignored the lock to have reached the tracker.</summary>
    private static readonly TimeSpan WhileHeld = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_push_waits_while_another_push_of_the_same_target_holds_the_lock_and_pushes_once_it_is_released()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        var linkId = (await s.LoadAsync(item.Id)).Link.Id;
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates yearly", c));
        await AddPushRowAsync(s, item.Id, linkId);
        var editsBefore = s.Phorge.CallCount("maniphest.edit");

        string jobId;
        using (HoldLockOf<PushLinksJob>(s, s.TargetId))
        {
            jobId = Jobs(s).Enqueue<PushLinksJob>(j => j.RunAsync(s.TargetId, new[] { linkId }, CancellationToken.None));
            await JobStates.WaitForStateAsync(Storage(s), jobId, ProcessingState.StateName);
            await Task.Delay(WhileHeld);
            Assert.Equal(editsBefore, s.Phorge.CallCount("maniphest.edit"));
        }
        await s.QuietAsync();

        Assert.Equal(SucceededState.StateName, JobStates.StateOf(Storage(s), jobId));
        Assert.Equal(editsBefore + 1, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal("Rotate the TLS certificates yearly", Assert.Single(s.Phorge.Phorge.AllTasks()).Title);
    }

    [Fact]
    public async Task A_poll_runs_while_a_push_of_the_same_target_holds_its_lock()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));

        using (HoldLockOf<PushLinksJob>(s, s.TargetId))
        {
            await s.PollAsync();
        }

        Assert.Equal(ActionItemStatus.Resolved, (await s.LoadAsync(item.Id)).Item.Status);
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

    /// <summary>The row the drain writes for a change of a linked item (the test runs the push itself).</summary>
    private static async Task AddPushRowAsync(SyncScenario s, long itemId, long linkId)
    {
        await using var db = s.Db();
        db.OutboxMessages.Add(new OutboxMessage { Kind = OutboxKinds.LinkPush, ActionItemId = itemId, TrackerLinkId = linkId, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>Takes the lock that <typeparamref name="TJob"/> declares, for these job arguments, as a running job would.</summary>
    private static Held HoldLockOf<TJob>(SyncScenario s, params object[] args)
    {
        var declared = typeof(TJob).GetCustomAttribute<OneAtATimeAttribute>()
                       ?? throw new InvalidOperationException($"{typeof(TJob).Name} declares no lock");
        var connection = Storage(s).GetConnection();
        var held = JobLocks.Acquire(Storage(s), connection, declared.ResourceFor(args), TimeSpan.FromSeconds(5));
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
