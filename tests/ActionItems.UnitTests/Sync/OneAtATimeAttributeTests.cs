using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Server;
using Hangfire.Storage;

namespace ActionItems.UnitTests.Sync;

/// <summary>The lock filter on its own, over Hangfire's in-memory storage: each context stands for one worker's run.</summary>
public sealed class OneAtATimeAttributeTests : IDisposable
{
    private readonly InMemoryStorage _storage = new();
    private readonly List<IStorageConnection> _connections = [];

    [Fact]
    public void A_second_run_for_the_same_id_is_skipped_while_the_first_holds_the_lock_and_runs_once_it_is_released()
    {
        var skipIfBusy = new OneAtATimeAttribute("test:{0}", waitSeconds: 0, WhenBusy.Skip);
        var first = Performing(linkId: 7);
        skipIfBusy.OnPerforming(first);

        var second = Performing(linkId: 7);
        skipIfBusy.OnPerforming(second);
        Assert.True(second.Canceled);

        var otherLink = Performing(linkId: 8);
        skipIfBusy.OnPerforming(otherLink);
        Assert.False(otherLink.Canceled);

        skipIfBusy.OnPerformed(Performed(first));
        var third = Performing(linkId: 7);
        skipIfBusy.OnPerforming(third);
        Assert.False(third.Canceled);
    }

    [Fact]
    public void A_run_that_must_not_skip_fails_with_a_lock_timeout_so_hangfire_retries_it()
    {
        var failIfBusy = new OneAtATimeAttribute("test:{0}", waitSeconds: 0, WhenBusy.FailForRetry);
        failIfBusy.OnPerforming(Performing(linkId: 7));

        Assert.Throws<DistributedLockTimeoutException>(() => failIfBusy.OnPerforming(Performing(linkId: 7)));
    }

    [Fact]
    public async Task A_run_waits_for_the_lock_up_to_its_wait_and_gets_it_when_the_holder_finishes_in_time()
    {
        var waitForLock = new OneAtATimeAttribute("test:{0}", waitSeconds: 10, WhenBusy.FailForRetry);
        var first = Performing(linkId: 7);
        waitForLock.OnPerforming(first);

        var second = Performing(linkId: 7);
        var waiting = Task.Run(() => waitForLock.OnPerforming(second));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);

        waitForLock.OnPerformed(Performed(first));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(second.Canceled);
    }

    [Fact]
    public void The_resource_names_the_job_arguments()
    {
        Assert.Equal("actionitems:sync:push:42", new OneAtATimeAttribute(SyncLocks.Push, 0, WhenBusy.Skip).ResourceFor([42L]));
    }

    private PerformingContext Performing(long linkId)
    {
        var connection = _storage.GetConnection();
        _connections.Add(connection);
        var job = Job.FromExpression<Probe>(p => p.Run(linkId));
        return new PerformingContext(new PerformContext(_storage, connection, new BackgroundJob(linkId.ToString(System.Globalization.CultureInfo.InvariantCulture), job, DateTime.UtcNow),
            new JobCancellationToken(false)));
    }

    private static PerformedContext Performed(PerformingContext performing) => new(performing, null, false, null);

    public void Dispose()
    {
        _connections.ForEach(c => c.Dispose());
        _storage.Dispose();
    }

    private sealed class Probe
    {
#pragma warning disable CA1822 // only its expression is used, as a job's
        public void Run(long linkId) => _ = linkId;
#pragma warning restore CA1822
    }
}
