using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

    /// <remarks>EF Core interceptors registered as <see cref="IInterceptor"/> services (e.g. sync's outbox enqueue) join every context.</remarks>
    public static IServiceCollection AddActionItemsDbContext(this IServiceCollection services, DatabaseOptions options)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<ActionItemsDbContext, PostgresActionItemsDbContext>((services, b) =>
                ConfigurePostgres(b, options.ConnectionString).AddInterceptors(services.GetServices<IInterceptor>()));
        }
        else
        {
            services.AddDbContext<ActionItemsDbContext, SqliteActionItemsDbContext>((services, b) =>
                ConfigureSqlite(b, options.ConnectionString).AddInterceptors(services.GetServices<IInterceptor>()));
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
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    internal static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
