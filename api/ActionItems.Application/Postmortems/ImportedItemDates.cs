using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Postmortems;

/// <summary>
/// Dates items imported before imports were dated (the <c>repair</c> command, also run by the migration
/// that added the dates): each is re-opened, history included, at its incident's end (else start, else date),
/// and an item its document marked done is closed at an unknown time before the import. Idempotent: an item is
/// touched only while it is still opened at its import time and its incident gives an earlier time.
/// </summary>
public static class ImportedItemDates
{
    /// <summary>The migration after which existing databases need this repair.</summary>
    public const string MigrationName = "ImportedItemDates";

    private const int BatchSize = 500;

    /// <summary>Repairs every such item in one transaction; returns how many were re-dated.</summary>
    public static async Task<int> RepairAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var repaired = 0;
        var after = 0L;
        while (true)
        {
            var items = await db.ActionItems
                .Include(i => i.Incident)
                .Include(i => i.History.Where(h => h.OldValue == null && h.Origin == ChangeOrigin.Import))
                .Where(i => i.Id > after && i.Ordinal > 0 && i.OpenedAt == i.CreatedAt)
                .OrderBy(i => i.Id)
                .Take(BatchSize)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (items.Count == 0)
            {
                break;
            }
            foreach (var item in items)
            {
                var creation = item.History.Where(h => h.Field == HistoryFields.Status).MinBy(h => h.Id);
                var openedAt = ImportSession.OpenedAt(item.Incident!, documentDate: null, importedAt: item.CreatedAt);
                if (creation is null || openedAt >= item.CreatedAt)
                {
                    continue;
                }
                // Done in its document and never reopened or closed again since: the import's own close.
                var closedByImport = !ActionItemStatusRules.IsOpenName(creation.NewValue) && !item.Status.IsOpen() && item.ResolvedAt == creation.At;
                foreach (var row in item.History)
                {
                    row.At = openedAt;
                }
                item.RepairImportedDates(openedAt, closedByImport);
                repaired++;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            after = items[^1].Id;
        }
        if (repaired > 0 && db.Database.IsNpgsql())
        {
            // History rows moved in time: the per-day open/closed rollup is recomputed from them.
            await db.Database.ExecuteSqlRawAsync(OpenItemDays.RebuildSql, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return repaired;
    }
}
