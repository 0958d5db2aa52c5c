using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using ActionItems.Sync.Phabricator;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
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
    /// process runs jobs, the Hangfire server; then the configured sync targets (validated here, so a bad
    /// key stops the start with a message naming it), the engine and its jobs.
    /// </summary>
    public static IHostApplicationBuilder AddActionItemsSync(this IHostApplicationBuilder builder,
        DatabaseOptions database, bool runJobServer)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(SyncTargetRegistry.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<SyncEngine>();
        builder.Services.AddScoped<OutboxDrain>();
        builder.Services.AddScoped<SyncFailures>();
        builder.Services.AddSingleton<SyncLocks>();
        builder.Services.AddScoped<SyncLinkJob>();
        builder.Services.AddScoped<PollTargetJob>();
        builder.Services.AddScoped<PullRemoteObjectJob>();
        builder.Services.AddScoped<DrainOutboxJob>();
        builder.Services.AddScoped<FillTargetJob>();
        builder.Services.AddScoped<CompactOpenItemDaysJob>();
        builder.Services.AddSingleton(OutboxRetention.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<PurgeProcessedOutboxJob>();
        builder.AddPhabricatorConnector();
        builder.Services.AddSingleton<IOutboxDrainSignal, HangfireOutboxDrainSignal>();
        // This host's own storage and activator, not Hangfire's process-wide JobStorage.Current/JobActivator.Current:
        // two hosts in one process (tests, tools) must never run each other's jobs against the other's database.
        builder.Services.AddSingleton(_ => CreateStorage(database));
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        if (runJobServer)
        {
            builder.Services.AddHangfireServer((services, options) =>
            {
                options.Activator = new ScopedJobActivator(services.GetRequiredService<IServiceScopeFactory>());
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                options.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2);
                // Retries and rate-limit reschedules start within seconds of their time.
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }
        return builder;
    }

    private static JobStorage CreateStorage(DatabaseOptions database) => database.Provider == DatabaseProvider.Postgres
        ? new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, PostgresStorageOptions), PostgresStorageOptions)
        : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(1) });

    private static PostgreSqlStorageOptions PostgresStorageOptions => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        // LISTEN/NOTIFY: an enqueued job (a webhook's pull, a local change's push) starts at once, not at the next queue poll.
        EnableLongPolling = true,
    };

    /// <summary>
    /// Upserts the configured targets and registers the recurring jobs at start. Processes that serve the
    /// API do it (workers only run what is queued), so two workers never race to insert the same target.
    /// </summary>
    public static IHostApplicationBuilder AddSyncSchedules(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<SyncStartup>();
        return builder;
    }
}
