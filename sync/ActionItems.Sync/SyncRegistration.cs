using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;
using ActionItems.Sync.Jobs;
using ActionItems.Sync.Phabricator;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Sync;

public static class SyncRegistration
{
    /// <summary>
    /// Registers the configured sync targets (validated here, so a bad key stops the start with a message naming
    /// it), the engine, its jobs and their failure policy. The jobs run on what <c>AddActionItemsJobs</c> sets up.
    /// </summary>
    public static IHostApplicationBuilder AddActionItemsSync(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(SyncTargetRegistry.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<SyncEngine>();
        builder.Services.AddScoped<OutboxDrain>();
        builder.Services.AddScoped<SyncFailures>();
        builder.Services.AddSingleton(services => new JobFilter(
            new TrackerFailureFilter(services.GetRequiredService<IServiceScopeFactory>()), JobFilterScope.Global, TrackerFailureFilter.FilterOrder));
        builder.Services.AddScoped<PushLinksJob>();
        builder.Services.AddScoped<PollTargetJob>();
        builder.Services.AddScoped<PullRemoteObjectJob>();
        builder.Services.AddScoped<DrainOutboxJob>();
        builder.Services.AddScoped<FillTargetJob>();
        builder.Services.AddScoped<BackfillHistoryJob>();
        builder.Services.AddScoped<CompactOpenItemDaysJob>();
        builder.Services.AddSingleton(OutboxRetention.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<PurgeProcessedOutboxJob>();
        builder.Services.AddScoped<PurgeTrackerCallCountsJob>();
        // Every role: the calls a worker makes must reach the shared table for the API process to report them.
        builder.Services.AddSingleton<TrackerCallCounts>();
        builder.Services.AddHostedService<TrackerCallCountFlusher>();
        builder.AddPhabricatorConnector();
        builder.AddGitHubConnector();
        builder.Services.AddSingleton<IOutboxDrainSignal, HangfireOutboxDrainSignal>();
        return builder;
    }

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
