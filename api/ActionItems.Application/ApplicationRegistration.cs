using ActionItems.Application.Export;
using ActionItems.Application.Items;
using ActionItems.Application.Metrics;
using ActionItems.Application.People;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Postmortems.MediaWiki;
using ActionItems.Application.Stats;
using ActionItems.Application.Sync;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Application;

public static class ApplicationRegistration
{
    /// <summary>Every use case; needs the data and sync registrations (job client, sync targets) before it.</summary>
    public static IHostApplicationBuilder AddActionItemsApplication(this IHostApplicationBuilder builder)
    {
        builder.AddActionItemsImport();
        builder.Services.AddScoped<ActionItemService>();
        builder.Services.AddScoped<PeopleService>();
        builder.Services.AddScoped<SyncCommands>();
        builder.Services.AddSingleton(WebhookFreshness.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<TrackerWebhooks>();
        builder.Services.AddScoped<ActionItemStats>();
        builder.Services.AddScoped<ActionItemExport>();
        builder.Services.AddScoped<ActionItemMetrics>();
        // One per process: it holds every item's terms and is refreshed from the database ahead of requests (in hosts
        // that serve them) or by a request finding it older than its maximum age (read now, so a bad value stops start-up).
        var candidateIndexMaxAge = Prevention.CandidateIndex.MaxAgeFromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(services =>
            new Prevention.CandidateIndex(candidateIndexMaxAge, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddScoped<Prevention.PreventionService>();
        // Incidents as similar-incident documents, one per process, refreshed at the same age as the candidate index.
        builder.Services.AddSingleton(services =>
            new Prevention.IncidentIndex(candidateIndexMaxAge, services.GetRequiredService<TimeProvider>()));
        builder.Services.AddScoped<Prevention.SimilarIncidents>();
        builder.Services.AddScoped<Prevention.RecurringActionables>();
        return builder;
    }

    /// <summary>
    /// Builds the prevention indexes in the background at start and keeps the used ones refreshed ahead of requests
    /// (<see cref="Prevention.PreventionIndexRefresher"/>): for hosts that answer API requests, so their reviewers pay
    /// neither the build nor the watermark read.
    /// </summary>
    public static IHostApplicationBuilder AddPreventionIndexRefresher(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Prevention.PreventionIndexRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Prevention.PreventionIndexRefresher>());
        return builder;
    }

    /// <summary>
    /// Postmortem import alone, for one-shot commands that run no jobs: without a job client its commits are drained
    /// by the running server's minutely sweep.
    /// </summary>
    public static IHostApplicationBuilder AddActionItemsImport(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IOutboxDrainSignal, NextSweepOutboxDrainSignal>();
        builder.Services.TryAddScoped<UnitOfWork>();
        // Task references are read against the configured targets; a one-shot import reads them as serve does
        // (checked the same way) unless the sync registration already has.
        if (!builder.Services.Any(d => d.ServiceType == typeof(SyncTargetRegistry)))
        {
            builder.Services.AddSingleton(SyncTargetRegistry.FromConfiguration(builder.Configuration));
        }
        builder.Services.TryAddScoped<PostmortemImporter>();
        builder.Services.TryAddScoped<PostmortemImport>();
        builder.Services.TryAddSingleton<Telemetry.ImportMeter>();
        builder.Services.TryAddScoped<PostmortemSources>();
        builder.AddMediaWiki();
        return builder;
    }
}
