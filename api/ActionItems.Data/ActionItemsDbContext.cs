using ActionItems.Core.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Data;

/// <summary>
/// The model, shared by both providers. Each provider has its own subclass so that its migrations
/// live in their own set (<see cref="PostgresActionItemsDbContext"/>, <see cref="SqliteActionItemsDbContext"/>).
/// Application code depends on this type only.
/// </summary>
public abstract class ActionItemsDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<TimelineEntry> TimelineEntries => Set<TimelineEntry>();
    public DbSet<ScorecardAnswer> ScorecardAnswers => Set<ScorecardAnswer>();
    public DbSet<ActionItem> ActionItems => Set<ActionItem>();
    public DbSet<ActionItemHistory> ActionItemHistory => Set<ActionItemHistory>();
    public DbSet<TrackerLink> TrackerLinks => Set<TrackerLink>();
    public DbSet<SyncTarget> SyncTargets => Set<SyncTarget>();
    public DbSet<SyncConflict> SyncConflicts => Set<SyncConflict>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PreventionReview> PreventionReviews => Set<PreventionReview>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<TrackerCallCount> TrackerCallCounts => Set<TrackerCallCount>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<PolicyDigestDelivery> PolicyDigestDeliveries => Set<PolicyDigestDelivery>();
    public DbSet<GitHubCachedResponse> GitHubCachedResponses => Set<GitHubCachedResponse>();

    /// <summary>
    /// ASP.NET Core's data-protection keys on PostgreSQL, so every api replica reads the same keys without a shared
    /// volume (api/ActionItems.Api/Hosting/DataProtectionKeys.cs).
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ActionItemsDbContext).Assembly);

        // Same semantics as the default comparer, without its per-call delegate compilation (see StringListComparer).
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
                     .Where(p => p.ClrType == typeof(List<string>)))
        {
            property.SetValueComparer(new StringListComparer());
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as their names: readable in SQL and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }

    /// <summary>
    /// Whether a save since the last <see cref="TakeSyncWorkSaved"/> wrote work for the outbox drain (an item change
    /// to push, a remote create to run). The unit of work that commits it takes the flag and signals the drain.
    /// </summary>
    private bool _syncWorkSaved;

    /// <summary>Returns and clears the flag; a use case calls it once its changes are committed (or abandoned).</summary>
    public bool TakeSyncWorkSaved()
    {
        var saved = _syncWorkSaved;
        _syncWorkSaved = false;
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var syncWork = PrepareSave();
        var written = base.SaveChanges(acceptAllChangesOnSuccess);
        _syncWorkSaved |= syncWork;
        return written;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var syncWork = PrepareSave();
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        _syncWorkSaved |= syncWork;
        return written;
    }

    /// <summary>
    /// Bumps the concurrency version of changed items and writes an outbox row for every item changed
    /// here (locally or by import), inside the same SaveChanges and so the same transaction. Changes
    /// pulled from a tracker write no outbox row: that is what keeps sync from echoing them back.
    /// Returns whether the save carries work that starts sync.
    /// </summary>
    private bool PrepareSave()
    {
        ChangeTracker.DetectChanges();
        // Changes were detected just above; left on, every Entry(h) below would detect them again for the
        // history row and its item. base.SaveChanges detects once more (it picks up the Version bumps).
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            WriteVersionsAndOutbox();
            return ChangeTracker.Entries<OutboxMessage>().Any(e =>
                e.State == EntityState.Added && e.Entity.Kind is OutboxKinds.ItemChanged or OutboxKinds.RemoteCreate);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private void WriteVersionsAndOutbox()
    {
        foreach (var entry in ChangeTracker.Entries<ActionItem>().ToList())
        {
            var item = entry.Entity;
            switch (entry.State)
            {
                case EntityState.Added:
                    item.Version = 1;
                    break;
                case EntityState.Modified:
                    item.Version = entry.Property(x => x.Version).OriginalValue + 1;
                    break;
                default:
                    continue;
            }

            var newLocalChanges = item.History
                .Where(h => Entry(h).State == EntityState.Added && h.Origin is ChangeOrigin.Local or ChangeOrigin.Import)
                .ToList();
            if (newLocalChanges.Count > 0)
            {
                OutboxMessages.Add(new OutboxMessage
                {
                    Kind = OutboxKinds.ItemChanged,
                    ActionItem = item,
                    CreatedAt = newLocalChanges.Max(h => h.At),
                });
            }
        }
    }
}
