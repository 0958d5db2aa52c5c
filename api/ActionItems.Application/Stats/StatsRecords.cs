namespace ActionItems.Application.Stats;

public enum StatsGroupBy
{
    Status,
    Owner,
    Team,
    Tag,
    IncidentMonth,
    Priority,
}

public enum TimeInterval
{
    Day,
    Week,
    Month,
}

/// <summary>One group of <c>actionItemStats</c>: key null means "none" (unassigned, no team, undated incident).</summary>
public sealed record StatsGroup(string? Key, string Label, int Count, int OpenCount);

/// <summary>One bucket of <c>openItemsOverTime</c>; <c>Open</c> is the count just before <c>End</c>.</summary>
public sealed record OpenItemsPoint(DateTime Start, DateTime End, int Open, int Opened, int Closed);

public sealed record AgeBucket(string Label, int MinDays, int? MaxDays, int Count);

public sealed record TimeToResolve(int Count, double? MedianHours, double? P90Hours);
