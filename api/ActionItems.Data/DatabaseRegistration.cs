using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Data;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="ActionItemsDbContext"/> for the provider configuration selects, and
    /// <see cref="DatabaseOptions"/> so other areas (Hangfire storage, health checks) follow the same choice.
    /// </summary>
    public static DatabaseOptions AddActionItemsData(this IHostApplicationBuilder builder)
    {
        var options = DatabaseOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddActionItemsDbContext(options);
        return options;
    }

    /// <remarks>
    /// Contexts are pooled: a request reuses an initialised context instead of building its services again (a tenth
    /// of a small GraphQL request's CPU). The one state of its own a context keeps (whether a save wrote sync work)
    /// is cleared by each unit of work when it starts.
    /// </remarks>
    public static IServiceCollection AddActionItemsDbContext(this IServiceCollection services, DatabaseOptions options)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<ActionItemsDbContext, PostgresActionItemsDbContext>(b =>
                ConfigurePostgres(b, options.ConnectionString));
        }
        else
        {
            services.AddDbContextPool<ActionItemsDbContext, SqliteActionItemsDbContext>(b =>
                ConfigureSqlite(b, options.ConnectionString));
        }
        return services;
    }

    /// <summary>Creates a context outside DI (CLI commands, tests) for the given database.</summary>
    public static ActionItemsDbContext CreateDbContext(DatabaseOptions options) => options.Provider switch
    {
        DatabaseProvider.Postgres => CreatePostgres(options.ConnectionString),
        _ => CreateSqlite(options.ConnectionString),
    };

    internal static PostgresActionItemsDbContext CreatePostgres(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PostgresActionItemsDbContext>();
        ConfigurePostgres(builder, connectionString);
        return new PostgresActionItemsDbContext(builder.Options);
    }

    internal static SqliteActionItemsDbContext CreateSqlite(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<SqliteActionItemsDbContext>();
        ConfigureSqlite(builder, connectionString);
        return new SqliteActionItemsDbContext(builder.Options);
    }

    internal static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        LogFailuresOnce(builder.UseNpgsql(WithAutoPrepare(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());

    /// <summary>
    /// EF Core logs a failing command, connection, query or save as an error with the whole exception, and then the
    /// exception reaches a caller that reports it anyway (GraphQL's error reporting with a correlation id, the 503 for an
    /// unreachable database, the job runner, the CLI's error line): three or four stack traces for one failure, and
    /// for an outage, where one warning line is enough, many. These events are Debug here, so each failure is reported
    /// once, by whoever handles it; the failing SQL text stays one setting away
    /// (<c>Logging:LogLevel:Microsoft.EntityFrameworkCore=Debug</c>).
    /// </summary>
    private static DbContextOptionsBuilder LogFailuresOnce(DbContextOptionsBuilder builder) =>
        builder.ConfigureWarnings(warnings => warnings.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>
    /// Lets Npgsql prepare the statements a connection sends again and again (every import and page query),
    /// so PostgreSQL parses and plans them once per connection instead of on every execution, unless the
    /// connection string sets <c>Max Auto Prepare</c> itself (0 turns it off, e.g. behind a PgBouncer older
    /// than 1.21 in transaction mode).
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal)
                .Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPreparedStatements }.ConnectionString;
    }

    /// <summary>Prepared statements kept per connection: the app's distinct hot statements fit with room to spare.</summary>
    public const int AutoPreparedStatements = 100;

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        LogFailuresOnce(builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention());
}
