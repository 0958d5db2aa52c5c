using ActionItems.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// The one place that decides which database a test uses: a fresh, migrated database per test on
/// the provider asked for (a database cloned from the PostgreSQL template, or a new SQLite file).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;

    private TestDatabase(DatabaseOptions options, PostgresServer? server)
    {
        Options = options;
        _server = server;
    }

    public DatabaseOptions Options { get; }

    public DatabaseProvider Provider => Options.Provider;

    /// <summary>xUnit theory data: every test that touches the database runs on both providers.</summary>
    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Postgres, DatabaseProvider.Sqlite);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrated = true)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            var connectionString = migrated
                ? await server.CreateMigratedDatabaseAsync()
                : await server.CreateEmptyDatabaseAsync();
            return new TestDatabase(new DatabaseOptions(DatabaseProvider.Postgres, connectionString, null), server);
        }

        var file = Path.Combine(Path.GetTempPath(), $"actionitems-test-{Guid.NewGuid():N}.db");
        var options = new DatabaseOptions(DatabaseProvider.Sqlite,
            new SqliteConnectionStringBuilder { DataSource = file, ForeignKeys = true }.ToString(), file);
        var database = new TestDatabase(options, null);
        if (migrated)
        {
            await using var context = database.CreateContext();
            await context.Database.MigrateAsync();
        }
        return database;
    }

    public ActionItemsDbContext CreateContext() => DatabaseRegistration.CreateDbContext(Options);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(Options.ConnectionString);
        }
        else if (Options.SqliteFile is { } file)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in (string[])[file, file + "-wal", file + "-shm"])
            {
                File.Delete(path);
            }
        }
    }
}
