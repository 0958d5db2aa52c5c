using ActionItems.Data;
using ActionItems.Sync.MediaWiki;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Sync;

public static class SyncRegistration
{
    /// <summary>Hangfire's schema in PostgreSQL, kept apart from the application's tables.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Registers Hangfire storage for the configured database (PostgreSQL: shared by every process, so
    /// workers scale out; the embedded SQLite default: in-memory, for a single process) and, when this
    /// process runs jobs, the Hangfire server. Connectors and jobs are added by the sync issues.
    /// </summary>
    public static IHostApplicationBuilder AddActionItemsSync(this IHostApplicationBuilder builder,
        DatabaseOptions database, bool runJobServer)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddMediaWiki();
        builder.Services.AddHangfire(configuration =>
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                configuration.UsePostgreSqlStorage(
                    options => options.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { SchemaName = HangfireSchema, PrepareSchemaIfNecessary = true });
            }
            else
            {
                configuration.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(1) });
            }
        });

        if (runJobServer)
        {
            builder.Services.AddHangfireServer(options =>
            {
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                options.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2);
            });
        }
        return builder;
    }
}
