using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Export;

/// <summary>One exported action item: its fields, its incident and its tracker links, flat for spreadsheets.</summary>
public sealed record ExportRow(
    long Id,
    long IncidentId,
    string IncidentSlug,
    string IncidentTitle,
    DateOnly? IncidentDate,
    string Title,
    ActionItemStatus Status,
    Priority Priority,
    long? OwnerId,
    string? OwnerName,
    string? Team,
    DateOnly? DueDate,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> TrackerTasks,
    bool NeedsReview,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt);

/// <summary>
/// Every item the filter selects, in id order, streamed from the database a page at a time so an export of
/// any size holds one page in memory (keyset paging: no long-running reader holding the connection).
/// </summary>
public sealed class ActionItemExport(ActionItemsDbContext db, TimeProvider clock)
{
    public const int PageSize = 1000;

    public async IAsyncEnumerable<ExportRow> RowsAsync(ActionItemFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = 0L;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        while (true)
        {
            var page = await filter.Apply(db.ActionItems.AsNoTracking(), db, today)
                .Where(i => i.Id > after)
                .OrderBy(i => i.Id)
                .Take(PageSize)
                .Select(i => new ExportRow(
                    i.Id, i.IncidentId, i.Incident!.Slug, i.Incident.Title, i.Incident.IncidentDate,
                    i.Title, i.Status, i.Priority, i.OwnerId, i.Owner != null ? i.Owner.DisplayName : null,
                    i.Team, i.DueDate, i.Tags,
                    i.Links.OrderBy(l => l.Id)
                        .Select(l => l.SyncTarget!.Name + ":" + (l.RemoteId ?? "(not created yet)")).ToList(),
                    i.NeedsReview, i.OpenedAt, i.ResolvedAtUnknown ? null : i.ResolvedAt, i.CreatedAt, i.UpdatedAt, i.ArchivedAt))
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                yield return row;
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
            after = page[^1].Id;
        }
    }
}
