using ActionItems.Core.Domain;
using ActionItems.Data;

namespace ActionItems.Application.Stats;

/// <summary>The typed filter of <c>actionItems</c> and the stats queries. Every set condition must hold (AND).</summary>
public sealed class ActionItemFilter
{
    public List<ActionItemStatus>? Statuses { get; set; }
    public List<Priority>? Priorities { get; set; }
    public bool? Unassigned { get; set; }
    public List<long>? OwnerIds { get; set; }
    public List<string>? Teams { get; set; }

    /// <summary>Items carrying at least one of these tags.</summary>
    public List<string>? Tags { get; set; }

    public List<long>? IncidentIds { get; set; }

    /// <summary>Items linked to a tracker of one of these kinds.</summary>
    public List<TrackerKind>? TrackerKinds { get; set; }

    /// <summary>true: items with at least one tracker link; false: items with none.</summary>
    public bool? Linked { get; set; }

    public bool? NeedsReview { get; set; }

    /// <summary>Case-insensitive substring of title or description.</summary>
    public string? Search { get; set; }

    public DateTime? CreatedAfter { get; set; }
    public DateTime? CreatedBefore { get; set; }
    public DateTime? UpdatedAfter { get; set; }
    public DateTime? UpdatedBefore { get; set; }

    /// <summary>Items that were open at this instant according to their status history.</summary>
    public DateTime? OpenAt { get; set; }

    /// <summary>true: open, in progress or stalled; false: any closed status.</summary>
    public bool? Open { get; set; }

    /// <summary>true: open with a due date before today (UTC); false: every other item.</summary>
    public bool? Overdue { get; set; }

    /// <summary>Due before this day (exclusive).</summary>
    public DateOnly? DueBefore { get; set; }

    /// <summary>Due on or after this day.</summary>
    public DateOnly? DueAfter { get; set; }

    /// <summary>Resolved at or after this instant (items with a known resolve time).</summary>
    public DateTime? ResolvedAfter { get; set; }

    /// <summary>Resolved before this instant (exclusive; items with a known resolve time).</summary>
    public DateTime? ResolvedBefore { get; set; }

    public bool IncludeArchived { get; set; }

    public static ActionItemFilter None { get; } = new();

    private static readonly System.Reflection.PropertyInfo[] Conditions =
        typeof(ActionItemFilter).GetProperties().Where(p => p.CanWrite).ToArray();

    /// <summary>
    /// No condition set: every item that is not archived. Read from the properties themselves, so a condition
    /// added later counts without being listed here.
    /// </summary>
    public bool IsDefault => Conditions.All(p => p.GetValue(this) switch
    {
        null => true,
        // Only a plain bool (includeArchived) is off when false; a set bool? (unassigned: false) is a condition.
        bool flag => p.PropertyType == typeof(bool) && !flag,
        System.Collections.ICollection list => list.Count == 0,
        string text => string.IsNullOrWhiteSpace(text),
        _ => false,
    });

    /// <param name="items">The items to filter.</param>
    /// <param name="db">For conditions on other tables (links, history).</param>
    /// <param name="today">The UTC calendar day <see cref="Overdue"/> compares due dates with.</param>
    public IQueryable<ActionItem> Apply(IQueryable<ActionItem> items, ActionItemsDbContext db, DateOnly today)
    {
        if (!IncludeArchived)
        {
            items = items.Where(i => i.ArchivedAt == null);
        }
        if (Statuses is { Count: > 0 } statuses)
        {
            items = items.Where(i => statuses.Contains(i.Status));
        }
        if (Priorities is { Count: > 0 } priorities)
        {
            items = items.Where(i => priorities.Contains(i.Priority));
        }
        if (Unassigned is { } unassigned)
        {
            items = unassigned ? items.Where(i => i.OwnerId == null) : items.Where(i => i.OwnerId != null);
        }
        if (OwnerIds is { Count: > 0 } owners)
        {
            items = items.Where(i => i.OwnerId != null && owners.Contains(i.OwnerId.Value));
        }
        if (Teams is { Count: > 0 } teams)
        {
            items = items.Where(i => i.Team != null && teams.Contains(i.Team));
        }
        if (Tags is { Count: > 0 } tags)
        {
            var normalized = tags.Select(t => t.Trim().ToLowerInvariant()).ToList();
            items = items.Where(i => i.Tags.Any(t => normalized.Contains(t)));
        }
        if (IncidentIds is { Count: > 0 } incidents)
        {
            items = items.Where(i => incidents.Contains(i.IncidentId));
        }
        if (TrackerKinds is { Count: > 0 } kinds)
        {
            items = items.Where(i => db.TrackerLinks.Any(l => l.ActionItemId == i.Id && kinds.Contains(l.SyncTarget!.Kind)));
        }
        if (Linked is { } linked)
        {
            items = linked
                ? items.Where(i => db.TrackerLinks.Any(l => l.ActionItemId == i.Id))
                : items.Where(i => !db.TrackerLinks.Any(l => l.ActionItemId == i.Id));
        }
        if (NeedsReview is { } needsReview)
        {
            items = items.Where(i => i.NeedsReview == needsReview);
        }
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim().ToLowerInvariant();
            // ToLower().Contains() is what both providers translate (lower(x) LIKE / instr).
#pragma warning disable CA1862
            items = items.Where(i => i.Title.ToLower().Contains(text) ||
                                     (i.Description != null && i.Description.ToLower().Contains(text)));
#pragma warning restore CA1862
        }
        if (Instant(CreatedAfter) is { } createdAfter)
        {
            items = items.Where(i => i.CreatedAt >= createdAfter);
        }
        if (Instant(CreatedBefore) is { } createdBefore)
        {
            items = items.Where(i => i.CreatedAt < createdBefore);
        }
        if (Instant(UpdatedAfter) is { } updatedAfter)
        {
            items = items.Where(i => i.UpdatedAt >= updatedAfter);
        }
        if (Instant(UpdatedBefore) is { } updatedBefore)
        {
            items = items.Where(i => i.UpdatedAt < updatedBefore);
        }
        if (Instant(OpenAt) is { } openAt)
        {
            items = items.Where(OpenAtInstant(db, openAt));
        }
        if (Open is { } open)
        {
            items = open ? items.Where(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status)) : items.Where(i => !ActionItemStatusRules.OpenStatuses.Contains(i.Status));
        }
        if (Overdue is { } overdue)
        {
            items = overdue
                ? items.Where(i => ActionItemStatusRules.OpenStatuses.Contains(i.Status) && i.DueDate != null && i.DueDate < today)
                : items.Where(i => !(ActionItemStatusRules.OpenStatuses.Contains(i.Status) && i.DueDate != null && i.DueDate < today));
        }
        if (DueBefore is { } dueBefore)
        {
            items = items.Where(i => i.DueDate != null && i.DueDate < dueBefore);
        }
        if (DueAfter is { } dueAfter)
        {
            items = items.Where(i => i.DueDate != null && i.DueDate >= dueAfter);
        }
        if (Instant(ResolvedAfter) is { } resolvedAfter)
        {
            items = items.Where(i => !i.ResolvedAtUnknown && i.ResolvedAt != null && i.ResolvedAt >= resolvedAfter);
        }
        if (Instant(ResolvedBefore) is { } resolvedBefore)
        {
            items = items.Where(i => !i.ResolvedAtUnknown && i.ResolvedAt != null && i.ResolvedAt < resolvedBefore);
        }
        return items;
    }

    /// <summary>
    /// Whether the item was open at the instant: opened by then (<see cref="ActionItem.OpenedAt"/>, a linked task's
    /// creation date once read), and its last status change at or before the instant names an open status.
    /// <list type="bullet">
    /// <item>Changes learnt later (history pulled from a tracker afterwards) count at the time they happened.</item>
    /// <item>A change dated before the item was opened (clocks of two trackers disagreeing: closed before created)
    /// counts as made when it was opened, after the opening itself, so such an item is never open in between.</item>
    /// <item>Before its first recorded change (a task created in the tracker long before it was linked here) the item
    /// was open from its opening until it was resolved.</item>
    /// </list>
    /// </summary>
    internal static System.Linq.Expressions.Expression<Func<ActionItem, bool>> OpenAtInstant(ActionItemsDbContext db,
        DateTimeOffset at)
    {
        var openNames = ActionItemStatusRules.OpenStatuses.Select(s => s.ToString()).ToList();
        var open = ActionItemStatus.Open.ToString();
        var resolved = ActionItemStatus.Resolved.ToString();
        // With OpenedAt <= at, a row dated before OpenedAt is also before the instant: only the order moves it.
        return i => i.OpenedAt <= at && openNames.Contains(db.ActionItemHistory
                .Where(h => h.ActionItemId == i.Id && h.Field == HistoryFields.Status && h.At <= at)
                .OrderByDescending(h => h.At < i.OpenedAt ? i.OpenedAt : h.At).ThenByDescending(h => h.Id)
                .Select(h => h.NewValue)
                .FirstOrDefault()
            ?? (i.ResolvedAt == null || at < i.ResolvedAt ? open : resolved));
    }

    /// <summary>One status row of an item's history, as <see cref="WasOpenAt"/> reads it: when, and the status it set (null when the row names none).</summary>
    public readonly record struct StatusRow(long Id, DateTimeOffset At, string? NewValue);

    /// <summary>
    /// An item's status rows in the order <see cref="OpenAtInstant"/> reads them, latest first: a row dated before the
    /// item was opened counts as made at its opening; rows of one instant, the later id first.
    /// </summary>
    internal static StatusRow[] LatestStatusFirst(IEnumerable<StatusRow> rows, DateTimeOffset openedAt) =>
        [.. rows.OrderByDescending(h => h.At < openedAt ? openedAt : h.At).ThenByDescending(h => h.Id)];

    /// <summary>
    /// <see cref="OpenAtInstant"/> in memory, for one item whose status rows are ordered by <see cref="LatestStatusFirst"/>:
    /// the two must give the same answer (the candidate index relies on it; tests compare them).
    /// </summary>
    internal static bool WasOpenAt(DateTimeOffset openedAt, DateTimeOffset? resolvedAt, ReadOnlySpan<StatusRow> latestStatusFirst,
        DateTimeOffset at)
    {
        if (openedAt > at)
        {
            return false;
        }
        foreach (var row in latestStatusFirst)
        {
            if (row.At <= at)
            {
                // As the SQL's COALESCE: a row naming no status falls back to the dates, like no row at all.
                if (row.NewValue is { } status)
                {
                    return OpenStatusNames.Contains(status);
                }
                break;
            }
        }
        return resolvedAt == null || at < resolvedAt;
    }

    private static readonly HashSet<string> OpenStatusNames =
        new(ActionItemStatusRules.OpenStatuses.Select(s => s.ToString()), StringComparer.Ordinal);

    /// <summary>GraphQL DateTime values without an offset are taken as UTC.</summary>
    public static DateTimeOffset? Instant(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } other => new DateTimeOffset(DateTime.SpecifyKind(other, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
