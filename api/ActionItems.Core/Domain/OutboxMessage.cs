namespace ActionItems.Core.Domain;

/// <summary>
/// Pending sync work, written in the same transaction as the change that caused it, so a change is
/// never committed without its sync work (and vice versa). The sync jobs drain it.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public long ActionItemId { get; set; }
    public ActionItem? ActionItem { get; set; }
    public long? TrackerLinkId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? LastError { get; set; }
}

public static class OutboxKinds
{
    /// <summary>A local change to an item: push it to every linked tracker (and create remotely per push policy).</summary>
    public const string ItemChanged = "item-changed";
}
