using Hangfire;
using Hangfire.Storage;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Distributed locks in Hangfire's storage (PostgreSQL rows when several processes share it), so one poll
/// per target and one job per link run at a time across every worker.
/// </summary>
public sealed class SyncLocks(JobStorage storage)
{
    public static string ForLink(long linkId) => $"actionitems:sync:link:{linkId}";
    public static string ForTarget(long targetId) => $"actionitems:sync:poll:{targetId}";

    /// <summary>The outbox drain: one at a time, so each due row is claimed by exactly one drain.</summary>
    public const string ForDrain = "actionitems:sync:drain";

    /// <summary>The lock, or null when someone else holds it for longer than <paramref name="wait"/>.</summary>
    public IDisposable? TryAcquire(string resource, TimeSpan wait)
    {
        var connection = storage.GetConnection();
        try
        {
            var handle = connection.AcquireDistributedLock(resource, wait);
            return new Held(connection, handle);
        }
        catch (DistributedLockTimeoutException)
        {
            connection.Dispose();
            return null;
        }
    }

    private sealed class Held(IStorageConnection connection, IDisposable handle) : IDisposable
    {
        public void Dispose()
        {
            handle.Dispose();
            connection.Dispose();
        }
    }
}
