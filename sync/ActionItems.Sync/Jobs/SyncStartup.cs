using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// At start: configured targets become (or update) <see cref="SyncTarget"/> rows by name, a halt from a
/// previous configuration is lifted, and the recurring jobs (outbox sweep and purge, purge of old tracker call counts,
/// one poll and one paced history backfill per target, on
/// PostgreSQL the compaction of the open-items rollup) are registered.
/// </summary>
public sealed partial class SyncStartup(IServiceScopeFactory scopes, SyncTargetRegistry registry, IRecurringJobManager recurring,
    TimeProvider clock, ILogger<SyncStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
        var targets = await UpsertTargetsAsync(db, registry, clock, cancellationToken);
        recurring.AddOrUpdate<DrainOutboxJob>(DrainOutboxJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<PurgeProcessedOutboxJob>(PurgeProcessedOutboxJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Daily(3));
        recurring.AddOrUpdate<PurgeTrackerCallCountsJob>(PurgeTrackerCallCountsJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        if (db.Database.IsNpgsql())
        {
            recurring.AddOrUpdate<CompactOpenItemDaysJob>(CompactOpenItemDaysJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Hourly());
        }
        foreach (var (target, options) in targets)
        {
            var targetId = target.Id;
            recurring.AddOrUpdate<PollTargetJob>(PollJobId(target.Name), j => j.RunAsync(targetId, CancellationToken.None),
                SyncTargetRegistry.PollCron(options.PollInterval)!);
            recurring.AddOrUpdate<BackfillHistoryJob>(BackfillHistoryJob.RecurringId(target.Name), j => j.RunAsync(targetId, CancellationToken.None),
                Cron.Minutely());
            LogTarget(logger, options.ToString(), options.PollInterval, options.PushPolicy);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string PollJobId(string targetName) => $"sync:poll:{targetName.ToLowerInvariant()}";

    public static async Task<List<(SyncTarget Target, SyncTargetOptions Options)>> UpsertTargetsAsync(ActionItemsDbContext db,
        SyncTargetRegistry registry, TimeProvider clock, CancellationToken cancellationToken)
    {
        var rows = await db.SyncTargets.ToListAsync(cancellationToken);
        var result = new List<(SyncTarget, SyncTargetOptions)>();
        foreach (var options in registry.Targets)
        {
            var row = rows.FirstOrDefault(r => string.Equals(r.Name, options.Name, StringComparison.OrdinalIgnoreCase))
                      // A target an import created from a task URL is adopted by the configuration for its host.
                      ?? rows.FirstOrDefault(r => r.Kind == options.Kind && r.CredentialKey == null && SameHost(r.BaseUrl, options.BaseUrl) &&
                                                  registry.Find(r.Name) is null);
            if (row is null)
            {
                row = new SyncTarget { Name = options.Name, BaseUrl = options.BaseUrl, CreatedAt = clock.GetUtcNow() };
                db.SyncTargets.Add(row);
                rows.Add(row);
            }
            row.Name = options.Name;
            row.Kind = options.Kind;
            row.BaseUrl = options.BaseUrl;
            // Where the token is configured, never the token itself.
            row.CredentialKey = $"{SyncTargetOptions.Section}:{registry.Targets.ToList().IndexOf(options)}:{nameof(SyncTargetOptions.Token)}";
            row.DefaultTags = [.. options.ProjectTags];
            row.DefaultRepository = options.Repository;
            row.PushPolicy = options.PushPolicy;
            row.PollInterval = options.PollInterval;
            if (row.HaltedAt is not null)
            {
                row.HaltedAt = null;
                row.LastError = null;
            }
            result.Add((row, options));
        }
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    private static bool SameHost(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var ua) && Uri.TryCreate(b, UriKind.Absolute, out var ub) &&
        string.Equals(ua.Host, ub.Host, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync target {Target}: poll every {Interval}, push policy {PushPolicy}")]
    private static partial void LogTarget(ILogger logger, string target, TimeSpan interval, string pushPolicy);
}
