using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Npgsql;

namespace ActionItems.Sync.Hosting;

/// <summary>A job storage that takes the sync jobs' locks itself instead of through Hangfire's lock table.</summary>
public interface IJobLockStorage
{
    /// <exception cref="DistributedLockTimeoutException">Another holder kept the lock for longer than <paramref name="wait"/>.</exception>
    IDisposable AcquireJobLock(string resource, TimeSpan wait);
}

/// <summary>Where a job's lock is taken: the storage's own locks when it has them, else Hangfire's distributed lock.</summary>
public static class JobLocks
{
    public static IDisposable Acquire(JobStorage storage, IStorageConnection connection, string resource, TimeSpan wait) =>
        storage is IJobLockStorage own ? own.AcquireJobLock(resource, wait) : connection.AcquireDistributedLock(resource, wait);
}

/// <summary>
/// Hangfire's PostgreSQL storage whose job locks are PostgreSQL session advisory locks. Hangfire.PostgreSql keeps a
/// distributed lock as a row that only expires after its lock timeout (10 minutes by default) and is never renewed:
/// a worker killed while holding a target's push lock would stop every push of that target for that long, and a
/// shorter timeout would let a long fill lose its lock while it still runs. A session advisory lock lives exactly
/// as long as the connection that took it: PostgreSQL releases it the moment a killed worker's connection drops.
/// </summary>
public sealed class AdvisoryLockingPostgreSqlStorage(string connectionString, PostgreSqlStorageOptions options)
    : PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options), IJobLockStorage
{
    /// <summary>How often a waiting job asks again for a lock another job holds.</summary>
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);

    public IDisposable AcquireJobLock(string resource, TimeSpan wait)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            var deadline = DateTime.UtcNow + wait;
            while (!TryLock(connection, resource))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    throw new DistributedLockTimeoutException(resource);
                }
                Thread.Sleep(left < RetryEvery ? left : RetryEvery);
            }
            return new HeldLock(connection, resource);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // hashtextextended gives the 64-bit key advisory locks take; a collision between two resource names would only
    // make two jobs wait for each other, never run two holders of one resource at once.
    private static bool TryLock(NpgsqlConnection connection, string resource)
    {
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended(@resource, 0))", connection);
        command.Parameters.AddWithValue("resource", resource);
        return (bool)command.ExecuteScalar()!;
    }

    private sealed class HeldLock(NpgsqlConnection connection, string resource) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            if (_released)
            {
                return;
            }
            _released = true;
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtextextended(@resource, 0))", connection);
                command.Parameters.AddWithValue("resource", resource);
                command.ExecuteScalar();
            }
            catch (NpgsqlException)
            {
                // The connection is already gone, and with it the lock.
            }
            finally
            {
                connection.Dispose();
            }
        }
    }
}
