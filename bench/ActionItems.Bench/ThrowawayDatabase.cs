using System.Globalization;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ActionItems.Bench;

/// <summary>
/// A migrated PostgreSQL database of its own for one benchmark run, created in the cluster of
/// <c>ACTIONITEMS_BENCH_POSTGRES</c> (bench/with-postgres.sh sets it) and dropped when the run ends, however it ends —
/// unless it was reused or asked to be kept (<see cref="CreateOrReuseAsync"/>).
/// </summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    /// <summary>The admin connection string of the PostgreSQL cluster the benchmarks create their databases in.</summary>
    public const string ConnectionVariable = "ACTIONITEMS_BENCH_POSTGRES";

    /// <summary>Set to 1 to keep the seeded database after the run.</summary>
    public const string KeepDatabaseVariable = "ACTIONITEMS_BENCH_KEEP_DATABASE";

    /// <summary>The name of a database a kept run seeded: measure again on it without seeding (migrations still apply).</summary>
    public const string ReuseDatabaseVariable = "ACTIONITEMS_BENCH_REUSE_DATABASE";

    private readonly string _admin;
    private readonly bool _kept;

    private ThrowawayDatabase(string admin, string name, bool reused = false, bool kept = false)
    {
        _admin = admin;
        Name = name;
        Reused = reused;
        _kept = kept || reused;
        Options = new DatabaseOptions(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, null);
    }

    public string Name { get; }

    /// <summary>Seeded by an earlier run (<see cref="ReuseDatabaseVariable"/>): do not seed again.</summary>
    public bool Reused { get; }

    public DatabaseOptions Options { get; }

    public string ConnectionString => Options.ConnectionString;

    /// <summary>The admin connection string, or null after one line saying how to run <paramref name="benchmark"/> with PostgreSQL.</summary>
    public static string? AdminConnection(string benchmark)
    {
        var admin = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.Error.WriteLine($"{benchmark} needs PostgreSQL: run it as bench/with-postgres.sh dotnet run … -- {benchmark}, or set {ConnectionVariable}");
            return null;
        }
        return admin;
    }

    /// <summary>Creates <c>bench_PURPOSE_yyyyMMddHHmmss</c> and migrates it.</summary>
    public static async Task<ThrowawayDatabase> CreateAsync(string admin, string purpose, CancellationToken cancellationToken = default)
    {
        var database = new ThrowawayDatabase(admin, $"bench_{purpose}_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database.Name}\"");
        try
        {
            await using var context = DatabaseRegistration.CreateDbContext(database.Options);
            await context.Database.MigrateAsync(cancellationToken);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        return database;
    }

    /// <summary>
    /// The database named by <see cref="ReuseDatabaseVariable"/> (migrated, kept afterwards), else a new
    /// one as <see cref="CreateAsync"/> makes, kept afterwards when <see cref="KeepDatabaseVariable"/>
    /// is 1 — for looking at plans by hand afterwards (psql, EXPLAIN ANALYZE) on the same data.
    /// </summary>
    public static async Task<ThrowawayDatabase> CreateOrReuseAsync(string admin, string purpose, CancellationToken cancellationToken = default)
    {
        if (Environment.GetEnvironmentVariable(ReuseDatabaseVariable) is not { Length: > 0 } reused)
        {
            var created = await CreateAsync(admin, purpose, cancellationToken);
            return Environment.GetEnvironmentVariable(KeepDatabaseVariable) == "1"
                ? new ThrowawayDatabase(admin, created.Name, kept: true)
                : created;
        }
        var database = new ThrowawayDatabase(admin, reused, reused: true);
        await using var context = DatabaseRegistration.CreateDbContext(database.Options);
        await context.Database.MigrateAsync(cancellationToken);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_kept)
        {
            Console.WriteLine($"kept database {Name}");
            return;
        }
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    /// <summary>The server's version line, printed with a benchmark's figures.</summary>
    public static async Task<string> ServerVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        return "PostgreSQL: " + await command.ExecuteScalarAsync();
    }

    /// <summary>One statement outside a transaction (CREATE and DROP DATABASE cannot run in one).</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
