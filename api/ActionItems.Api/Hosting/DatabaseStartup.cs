using ActionItems.Application.Postmortems;
using ActionItems.Core;
using ActionItems.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Brings the schema up to date (or checks it is) before the host starts, turning every way that
/// can fail into one line that names the configuration key to fix.
/// </summary>
public static class DatabaseStartup
{
    /// <summary>Applies pending migrations; returns how many were applied.</summary>
    public static async Task<int> MigrateAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        try
        {
            PrepareSqliteDirectory(database);
            await using var context = DatabaseRegistration.CreateDbContext(database);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                await context.Database.MigrateAsync(cancellationToken);
            }
            await MigrationDataRepairs.RunAfterAsync(context, pending, cancellationToken);
            return pending.Count;
        }
        catch (Exception e) when (Explain(database, e) is { } explained)
        {
            throw explained;
        }
    }

    /// <summary>Workers never migrate: they refuse to start on a schema an API instance has not brought up to date.</summary>
    public static async Task EnsureMigratedAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        List<string> pending;
        try
        {
            await using var context = DatabaseRegistration.CreateDbContext(database);
            pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        }
        catch (Exception e) when (Explain(database, e) is { } explained)
        {
            throw explained;
        }
        if (pending.Count > 0)
        {
            throw new ConfigurationErrorException(DatabaseOptions.ConnectionStringKey,
                $"{database.Describe()} has {pending.Count} pending migration(s); run `actionitems migrate` or start an api instance first");
        }
    }

    private static void PrepareSqliteDirectory(DatabaseOptions database)
    {
        if (database.SqliteFile is { } file && Path.GetDirectoryName(file) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static ConfigurationErrorException? Explain(DatabaseOptions database, Exception e) => e switch
    {
        ConfigurationErrorException => null,
        PostgresException pg => new ConfigurationErrorException(DatabaseOptions.ConnectionStringKey,
            $"{database.Describe()} refused the connection: {pg.MessageText} ({pg.SqlState})", e),
        NpgsqlException npgsql => new ConfigurationErrorException(DatabaseOptions.ConnectionStringKey,
            $"cannot connect to {database.Describe()}: {Innermost(npgsql).Message}", e),
        SqliteException or IOException or UnauthorizedAccessException => new ConfigurationErrorException(
            DatabaseOptions.SqlitePathKey, $"cannot use {database.Describe()}: {e.Message}", e),
        InvalidOperationException when e.InnerException is { } inner => Explain(database, inner),
        _ => null,
    };

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
