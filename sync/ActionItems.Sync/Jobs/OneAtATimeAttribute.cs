using System.Globalization;
using ActionItems.Sync.Hosting;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;

namespace ActionItems.Sync.Jobs;

/// <summary>What a job does when another job holds its lock for longer than it waits.</summary>
public enum WhenBusy
{
    /// <summary>Fails, so Hangfire's <c>AutomaticRetry</c> runs it again later.</summary>
    FailForRetry,

    /// <summary>Ends without running (Hangfire marks it succeeded): the running job or the next scheduled one does the work.</summary>
    Skip,
}

/// <summary>
/// Runs one job per resource at a time, across every worker and process: a lock held for the whole run (on
/// PostgreSQL a session advisory lock, released by the database when a killed worker's connection drops, see
/// <see cref="AdvisoryLockingPostgreSqlStorage"/>; Hangfire's in-memory lock in the single-process SQLite set-up). The resource is formatted with the job's arguments (<c>{0}</c> is the first), so a
/// per-link or per-target lock names its id.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class OneAtATimeAttribute(string resource, int waitSeconds, WhenBusy whenBusy) : JobFilterAttribute, IServerFilter
{
    private const string HeldLockKey = "ActionItems.OneAtATime.Lock";

    /// <summary>The lock's name, with <c>{n}</c> placeholders for the job's arguments.</summary>
    public string Resource { get; } = resource;

    /// <summary>How long a job waits for the lock before <see cref="WhenBusy"/> applies.</summary>
    public int WaitSeconds { get; } = waitSeconds;

    public WhenBusy WhenBusy { get; } = whenBusy;

    /// <summary>The lock's name for these job arguments.</summary>
    public string ResourceFor(IReadOnlyList<object?> args) => string.Format(CultureInfo.InvariantCulture, Resource, [.. args]);

    public void OnPerforming(PerformingContext context)
    {
        var resource = ResourceFor(context.BackgroundJob.Job.Args);
        try
        {
            context.Items[HeldLockKey] = JobLocks.Acquire(context.Storage, context.Connection, resource, TimeSpan.FromSeconds(WaitSeconds));
        }
        catch (DistributedLockTimeoutException) when (WhenBusy == WhenBusy.Skip)
        {
            context.Canceled = true;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(HeldLockKey, out var held))
        {
            context.Items.Remove(HeldLockKey);
            ((IDisposable)held).Dispose();
        }
    }
}

/// <summary>The locks of the sync jobs (<see cref="OneAtATimeAttribute.Resource"/>).</summary>
public static class SyncLocks
{
    /// <summary>
    /// One push (or targeted pull) per target: a push and a merge of the same link never interleave. Apart from
    /// <see cref="Target"/>, so polls and pushes do not wait for each other.
    /// </summary>
    public const string Push = "actionitems:sync:push:{0}";

    /// <summary>One target-wide run (poll or fill) per target.</summary>
    public const string Target = "actionitems:sync:poll:{0}";

    /// <summary>One paced history backfill per target, apart from the poll's lock so neither waits for the other.</summary>
    public const string History = "actionitems:sync:history:{0}";

    /// <summary>The outbox drain: one at a time, so each due row is claimed by exactly one drain.</summary>
    public const string Drain = "actionitems:sync:drain";
}
