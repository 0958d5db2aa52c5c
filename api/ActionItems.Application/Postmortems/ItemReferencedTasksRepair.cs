using ActionItems.Core.Extraction;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Postmortems;

/// <summary>
/// Fills <c>ReferencedTasks</c> of items imported before the column existed (run once after the migration that added it, and again by the <c>repair</c> command,
/// <see cref="MigrationName"/>): the migration gives every existing item none, and a re-import of an unchanged
/// postmortem changes nothing, so without this no upgraded item would ever carry the tasks its text cites. Each
/// incident's stored document is the text its items were last imported from, so it is extracted again (no I/O) and
/// each live item gets the tasks of the actionable at its ordinal with its very source text, as the import would set
/// them. Task references are read against the trackers the database records (<c>sync_targets</c>), the ones the
/// imports read them against (a bare <c>#12</c> an import resolved against the repository it read the document from,
/// which is not stored, stays unresolved). Idempotent: an item already holding those tasks is not touched.
/// </summary>
public static class ItemReferencedTasksRepair
{
    /// <summary>The migration after which existing databases need this repair.</summary>
    public const string MigrationName = "ItemReferencedTasks";

    /// <summary>Incidents per round: each one's whole document is read and extracted.</summary>
    private const int BatchSize = 50;

    /// <summary>Repairs every imported item in one transaction; returns how many got their referenced tasks.</summary>
    public static async Task<int> RepairAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        var targets = await db.SyncTargets.AsNoTracking()
            .Select(t => new SyncTargetOptions { Kind = t.Kind, Name = t.Name, BaseUrl = t.BaseUrl, Repository = t.DefaultRepository })
            .ToListAsync(cancellationToken);
        var references = PostmortemImporter.ReferenceOptions(new SyncTargetRegistry(targets));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var repaired = 0;
        var after = 0L;
        while (true)
        {
            var incidents = await db.Incidents.AsNoTracking()
                .Where(i => i.Id > after && i.Document != null)
                .OrderBy(i => i.Id)
                .Take(BatchSize)
                .Select(i => new { i.Id, i.Format, i.Source, i.Document!.Text })
                .ToListAsync(cancellationToken);
            if (incidents.Count == 0)
            {
                break;
            }
            var ids = incidents.Select(i => i.Id).ToList();
            var items = (await db.ActionItems
                    .Where(i => ids.Contains(i.IncidentId) && i.SourceText != null && i.VanishedFromSourceAt == null)
                    .ToListAsync(cancellationToken))
                .ToLookup(i => i.IncidentId);
            foreach (var incident in incidents)
            {
                if (!items.Contains(incident.Id))
                {
                    continue;
                }
                var actionables = PostmortemExtractor.Extract(incident.Text, incident.Format, incident.Source, references).Actionables
                    .GroupBy(a => a.Ordinal).ToDictionary(g => g.Key, g => g.First());
                foreach (var item in items[incident.Id])
                {
                    if (!actionables.TryGetValue(item.Ordinal, out var actionable) || actionable.Title != item.SourceText)
                    {
                        continue;
                    }
                    var tasks = ImportSession.ReferencedTasksOf(actionable);
                    if (!item.ReferencedTasks.SequenceEqual(tasks, StringComparer.Ordinal))
                    {
                        item.ReferencedTasks = tasks;
                        repaired++;
                    }
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            after = incidents[^1].Id;
        }
        await transaction.CommitAsync(cancellationToken);
        return repaired;
    }
}
