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
    public TrackerLink? TrackerLink { get; set; }
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

    /// <summary>
    /// A link waiting for its remote object (state PendingCreate): written with the link, in the same
    /// transaction, so a crash can never leave a link without the work that creates its task.
    /// </summary>
    public const string RemoteCreate = "remote-create";

    /// <summary>
    /// A linked item changed locally: its link must be pushed. Written when the outbox drain fans an
    /// <see cref="ItemChanged"/> row out to the item's links; processed when the push succeeded.
    /// </summary>
    public const string LinkPush = "link-push";
}
