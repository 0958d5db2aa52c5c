namespace ActionItems.Core.Domain;

/// <summary>One field change of an action item. <c>openAt</c> questions are answered from the status rows.</summary>
public class ActionItemHistory
{
    public long Id { get; set; }
    public long ActionItemId { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public ChangeOrigin Origin { get; set; }
}

public static class HistoryFields
{
    public const string Title = "title";
    public const string Description = "description";
    public const string Status = "status";
    public const string Priority = "priority";
    public const string Owner = "owner";
    public const string Team = "team";
    public const string DueDate = "dueDate";
    public const string Tags = "tags";
    public const string Archived = "archived";

    /// <summary>A tracker task linked to or unlinked from the item; values name it as <c>target:remoteId</c>.</summary>
    public const string TrackerLink = "trackerLink";
}
