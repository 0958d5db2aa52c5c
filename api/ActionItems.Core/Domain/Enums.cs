namespace ActionItems.Core.Domain;

/// <summary>Lifecycle of an action item; mirrors Phabricator's default status set (the status table in docs/sync.md).</summary>
public enum ActionItemStatus
{
    Open,
    InProgress,
    Stalled,
    Resolved,
    Declined,
    Invalid,
    Duplicate,
}

public enum Priority
{
    Unset,
    Lowest,
    Low,
    Medium,
    High,
    Unbreak,
}

/// <summary>Where a change came from; history keeps it so sync can tell its own echoes apart.</summary>
public enum ChangeOrigin
{
    Local,
    Import,
    Phabricator,
    GitHub,
}

public enum DocumentFormat
{
    Unknown,
    Wikitext,
    WikitechRendered,
    Markdown,
    Html,
}

public enum DocumentStatus
{
    Unknown,
    Draft,
    InReview,
    Final,
}

public enum TimelineMarker
{
    None,
    OutageBegins,
    OutageEnds,
}

public enum ScorecardCategory
{
    Other,
    People,
    Process,
    Tooling,
}

public enum ScorecardAnswerValue
{
    Unknown,
    Yes,
    No,
}

public enum TrackerKind
{
    Phabricator,
    GitHub,
}

/// <summary>Link states; docs/sync.md says what each means and what leaves it.</summary>
public enum TrackerLinkState
{
    Linked,

    /// <summary>Linked by reference (an import, linkTrackerTask) and never read: the first fill takes the task's values.</summary>
    PendingFill,

    PendingCreate,

    /// <summary>Synced, but some fields cannot agree (an unmapped status, an owner with no account on the other side); lastError says which.</summary>
    Diverged,

    Conflict,
    Broken,
    Error,
}

public enum PreventionVerdict
{
    WouldHavePrevented,
    WouldHaveMitigated,
    NotRelated,
}

public static class ActionItemStatusRules
{
    /// <summary>Open, InProgress and Stalled still need work; every other status closes the item.</summary>
    public static bool IsOpen(this ActionItemStatus status) =>
        status is ActionItemStatus.Open or ActionItemStatus.InProgress or ActionItemStatus.Stalled;

    /// <summary>A status as history stores it (<c>InProgress</c>) names an open status; null (no status yet) does not.</summary>
    public static bool IsOpenName(string? status) => Enum.TryParse<ActionItemStatus>(status, out var parsed) && parsed.IsOpen();

    public static IReadOnlyList<ActionItemStatus> OpenStatuses { get; } =
        [ActionItemStatus.Open, ActionItemStatus.InProgress, ActionItemStatus.Stalled];
}
