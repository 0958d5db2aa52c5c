namespace ActionItems.Application.Stats;

public enum StatsGroupBy
{
    Status,
    Owner,
    Team,
    Tag,
    IncidentMonth,
    Priority,

    /// <summary>The item's incident.</summary>
    Incident,

    /// <summary>The month (UTC) the item was opened (<c>openedAt</c>).</summary>
    CreatedMonth,

    /// <summary>The month (UTC) it was resolved; items not resolved, or resolved at an unknown time, have no key.</summary>
    ResolvedMonth,

    /// <summary>The quarter (UTC) the item was opened, e.g. <c>2024-Q3</c>.</summary>
    Quarter,
}

public enum TimeInterval
{
    Day,
    Week,
    Month,
}

/// <summary>
/// One group of <c>actionItemStats</c>: key null means "none" (unassigned, no team, undated incident). With a second
/// dimension (<c>thenBy</c>) each group carries its sub-groups.
/// </summary>
public sealed record StatsGroup(string? Key, string Label, int Count, int OpenCount, IReadOnlyList<StatsGroup>? Groups = null);

/// <summary>One bucket of <c>openItemsOverTime</c>; <c>Open</c> is the count just before <c>End</c>.</summary>
public sealed record OpenItemsPoint(DateTime Start, DateTime End, int Open, int Opened, int Closed);

public sealed record AgeBucket(string Label, int MinDays, int? MaxDays, int Count);

public sealed record TimeToResolve(int Count, double? MedianHours, double? P90Hours);

/// <summary>One group of <c>timeToResolveByGroup</c>: the figures of <see cref="TimeToResolve"/> over the group's items.</summary>
public sealed record TimeToResolveGroup(string? Key, string Label, int Count, double? MedianHours, double? P90Hours);

/// <summary>One group of <c>openItemAgeBucketsByGroup</c>: its open items (<c>Count</c>) cut into every bucket, empty ones too.</summary>
public sealed record AgeBucketGroup(string? Key, string Label, int Count, IReadOnlyList<AgeBucket> Buckets);
