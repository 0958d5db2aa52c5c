using ActionItems.Core.Domain;

namespace ActionItems.Application.Items;

/// <summary>
/// The fields a person may set on an item, shared by create and update. Left out = unchanged (on create: the
/// default); given as null clears owner, team, description and due date. A null status, priority or tag list
/// changes nothing.
/// </summary>
public sealed record ActionItemFields
{
    public Optional<string?> Title { get; init; }
    public Optional<string?> Description { get; init; }
    public Optional<ActionItemStatus?> Status { get; init; }
    public Optional<Priority?> Priority { get; init; }
    public Optional<long?> OwnerId { get; init; }
    public Optional<string?> Team { get; init; }
    public Optional<DateOnly?> DueDate { get; init; }
    public Optional<IReadOnlyList<string>?> Tags { get; init; }
}

public sealed record CreateActionItem(long IncidentId, ActionItemFields Fields);

/// <summary>Changes the fields given, only if the item is still at <paramref name="ExpectedVersion"/>.</summary>
public sealed record UpdateActionItem(long Id, int ExpectedVersion, ActionItemFields Fields);

/// <summary>Bulk triage: what is given is applied to every item, all or nothing. An owner id of null unassigns.</summary>
public sealed record AssignActionItems(IReadOnlyList<long> Ids)
{
    public const int MaxItems = 500;

    public Optional<long?> OwnerId { get; init; }
    public Optional<string?> Team { get; init; }
    public Optional<Priority?> Priority { get; init; }
}

/// <summary>A stale <paramref name="ExpectedVersion"/> is a conflict; null skips the check.</summary>
public sealed record SetActionItemStatus(long Id, ActionItemStatus Status, int? ExpectedVersion = null);

public sealed record ArchiveActionItem(long Id);

public sealed record UnarchiveActionItem(long Id);

/// <summary>Links an item to an existing task (<c>T123</c>) or issue (<c>owner/repo#12</c>) of a sync target.</summary>
public sealed record LinkTrackerTask(long ActionItemId, long SyncTargetId, string RemoteId, string? RemoteUrl = null);

public sealed record UnlinkTrackerTask(long LinkId);

/// <summary>A link change and the item it belongs to (after the change, or as it is now when refused).</summary>
public sealed record LinkChange(TrackerLink? Link, ActionItem? ActionItem);
