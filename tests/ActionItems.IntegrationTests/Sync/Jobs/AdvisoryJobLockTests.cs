using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Hosting;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>The job locks on PostgreSQL: session advisory locks, gone with the connection that holds them.</summary>
public class AdvisoryJobLockTests
{
    [Fact]
    public async Task A_lock_is_exclusive_per_resource_and_free_again_once_released()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var storage = Storage(database);

        using (storage.AcquireJobLock("actionitems:sync:push:1", TimeSpan.Zero))
        {
            Assert.Throws<DistributedLockTimeoutException>(() => storage.AcquireJobLock("actionitems:sync:push:1", TimeSpan.FromMilliseconds(300)));
            using (storage.AcquireJobLock("actionitems:sync:push:2", TimeSpan.Zero))
            {
            }
        }
        using (storage.AcquireJobLock("actionitems:sync:push:1", TimeSpan.Zero))
        {
        }
    }

    [Fact]
    public async Task A_lock_whose_holder_died_is_free_at_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var storage = Storage(database);
        var held = storage.AcquireJobLock("actionitems:sync:push:1", TimeSpan.Zero);

        // What a killed worker leaves behind: its server process ends with its connection, without releasing anything.
        await using (var admin = new NpgsqlConnection(database.Options.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                """
                SELECT pg_terminate_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND pid <> pg_backend_pid()
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, admin);
            Assert.Equal(true, await terminate.ExecuteScalarAsync());
        }

        using (storage.AcquireJobLock("actionitems:sync:push:1", TimeSpan.FromSeconds(5)))
        {
        }
        held.Dispose(); // releasing a lock whose connection is gone is harmless
    }

    private static AdvisoryLockingPostgreSqlStorage Storage(TestDatabase database) =>
        new(database.Options.ConnectionString, new PostgreSqlStorageOptions { SchemaName = JobsRegistration.HangfireSchema });
}
