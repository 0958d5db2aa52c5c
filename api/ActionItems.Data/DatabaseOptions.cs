using ActionItems.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ActionItems.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database the process uses, decided once from configuration.</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, string? SqliteFile)
{
    public const string ConnectionStringKey = "ConnectionStrings:ActionItems";
    public const string SqlitePathKey = "Database:SqlitePath";

    /// <summary>
    /// No connection string: the embedded SQLite file (under the user's data directory unless
    /// <c>Database:SqlitePath</c> says otherwise). A connection string: PostgreSQL, validated here so a
    /// typo fails at start with the key named, not at the first query.
    /// </summary>
    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var file = configuration[SqlitePathKey];
            file = string.IsNullOrWhiteSpace(file) ? DefaultSqliteFile() : Path.GetFullPath(file);
            var sqlite = new SqliteConnectionStringBuilder { DataSource = file, ForeignKeys = true, Pooling = true };
            return new DatabaseOptions(DatabaseProvider.Sqlite, sqlite.ToString(), file);
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ConfigurationErrorException(ConnectionStringKey,
                $"not a valid PostgreSQL connection string ({e.Message.TrimEnd('.')}). Expected e.g. Host=db;Database=actionitems;Username=actionitems;Password=…", e);
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationErrorException(ConnectionStringKey,
                "the PostgreSQL connection string has no Host. Expected e.g. Host=db;Database=actionitems;Username=actionitems;Password=…");
        }
        return new DatabaseOptions(DatabaseProvider.Postgres, connectionString, null);
    }

    /// <summary>Where PostgreSQL or the SQLite file is, for messages; never includes the password.</summary>
    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? $"SQLite file {SqliteFile}"
        : DescribePostgres(ConnectionString);

    private static string DescribePostgres(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database ?? b.Username ?? "postgres"}";
    }

    private static string DefaultSqliteFile()
    {
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
            Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }
        return Path.Combine(dataHome, "actionitems", "actionitems.db");
    }
}
