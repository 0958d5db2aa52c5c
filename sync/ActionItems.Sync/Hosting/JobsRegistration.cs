using ActionItems.Core;
using ActionItems.Data;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Sync.Hosting;

public static class JobsRegistration
{
    /// <summary>Hangfire's schema in PostgreSQL, kept apart from the application's tables.</summary>
    public const string HangfireSchema = "hangfire";

    /// <summary>
    /// Registers Hangfire storage for the configured database (PostgreSQL: shared by every process, so workers
    /// scale out; the embedded SQLite default: in-memory, for a single process), the job client and, when this
    /// process runs jobs, the Hangfire server. Job filters that need this host's services are registered as
    /// <see cref="JobFilter"/> singletons by the areas that own them.
    /// </summary>
    public static IHostApplicationBuilder AddActionItemsJobs(this IHostApplicationBuilder builder, DatabaseOptions database,
        bool runJobServer)
    {
        // This host's own storage, activator and filters, not Hangfire's process-wide JobStorage.Current,
        // JobActivator.Current and GlobalJobFilters: two hosts in one process (tests, tools) must never run each
        // other's jobs against the other's database. Registered before AddHangfire, which only adds what is missing.
        var invisibilityTimeout = JobInvisibilityTimeout.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(_ => CreateStorage(database, invisibilityTimeout));
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddSingleton<IJobFilterProvider>(services =>
            new JobFilterProviderCollection(JobFilterProviders.Providers, new HostJobFilters([.. services.GetServices<JobFilter>()])));
        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostSafeLogProvider(new AspNetCoreLogProvider(services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))));

        if (runJobServer)
        {
            builder.Services.AddHangfireServer((services, options) =>
            {
                options.Activator = services.GetRequiredService<JobActivator>();
                options.FilterProvider = services.GetRequiredService<IJobFilterProvider>();
                options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
                options.WorkerCount = Math.Max(2, Environment.ProcessorCount * 2);
                // Retries and rate-limit reschedules start within seconds of their time.
                options.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            });
        }
        return builder;
    }

    private static JobStorage CreateStorage(DatabaseOptions database, TimeSpan invisibilityTimeout) => database.Provider == DatabaseProvider.Postgres
        ? new AdvisoryLockingPostgreSqlStorage(database.ConnectionString, PostgresStorageOptions(invisibilityTimeout))
        : new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(1) });

    private static PostgreSqlStorageOptions PostgresStorageOptions(TimeSpan invisibilityTimeout) => new()
    {
        SchemaName = HangfireSchema,
        PrepareSchemaIfNecessary = true,
        // Plain polling, every second per worker, not LISTEN/NOTIFY long polling: with long polling, jobs enqueued
        // after the listening connection was disrupted can stay enqueued until their invisibility timeout (a known,
        // unfixed behaviour of the storage), and the test suite saw queues stall for minutes. Up to a second of
        // latency for a webhook's pull is the price; with several workers polling it is a fraction of that on average.
        EnableLongPolling = false,
        QueuePollInterval = TimeSpan.FromSeconds(1),
        // A job fetched by a worker that was killed goes back to the queue once its fetch is older than this. Sliding:
        // a running job's fetch time is renewed in the background, so a long job is never handed to a second worker
        // and the timeout can be minutes instead of the storage's default 30.
        InvisibilityTimeout = invisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
    };

    /// <summary>The job filters registered in this host's services (the collection around it merges them with Hangfire's, by order).</summary>
    private sealed class HostJobFilters(IReadOnlyList<JobFilter> filters) : IJobFilterProvider
    {
        public IEnumerable<JobFilter> GetFilters(Job job) => filters;
    }
}

/// <summary>
/// <c>Jobs:InvisibilityTimeout</c>: how long a job fetched by a worker that died stays invisible before another
/// worker runs it (PostgreSQL only).
/// </summary>
public static class JobInvisibilityTimeout
{
    public const string Key = "Jobs:InvisibilityTimeout";
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(5);

    /// <exception cref="ConfigurationErrorException">The value is set but not a duration between 5 seconds and a day.</exception>
    public static TimeSpan FromConfiguration(IConfiguration configuration) =>
        ConfiguredDuration.Read(Key, configuration[Key], Default, TimeSpan.FromSeconds(5), TimeSpan.FromDays(1),
            "a duration between 00:00:05 and 1.00:00:00");
}
