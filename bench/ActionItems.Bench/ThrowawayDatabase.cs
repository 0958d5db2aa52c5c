using System.Globalization;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ActionItems.Bench;

/// <summary>
/// A migrated PostgreSQL database of its own for one benchmark run, created in the cluster of
/// <c>ACTIONITEMS_BENCH_POSTGRES</c> (bench/with-postgres.sh sets it) and dropped when the run ends, however it ends.
/// </summary>
internal sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private ThrowawayDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        Options = new DatabaseOptions(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString, null);
    }

    public string Name { get; }

    public DatabaseOptions Options { get; }

    public string ConnectionString => Options.ConnectionString;

    /// <summary>The admin connection string, or null after one line saying how to run <paramref name="benchmark"/> with PostgreSQL.</summary>
    public static string? AdminConnection(string benchmark)
    {
        var admin = Environment.GetEnvironmentVariable(ImportBenchmark.ConnectionVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Console.Error.WriteLine($"{benchmark} needs PostgreSQL: run it as bench/with-postgres.sh dotnet run … -- {benchmark}, or set {ImportBenchmark.ConnectionVariable}");
            return null;
        }
        return admin;
    }

    /// <summary>Creates <c>bench_PURPOSE_yyyyMMddHHmmss</c> and migrates it.</summary>
    public static async Task<ThrowawayDatabase> CreateAsync(string admin, string purpose, CancellationToken cancellationToken = default)
    {
        var database = new ThrowawayDatabase(admin, $"bench_{purpose}_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
        await GraphQLBenchmark.ExecuteAsync(admin, $"CREATE DATABASE \"{database.Name}\"");
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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await GraphQLBenchmark.ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
