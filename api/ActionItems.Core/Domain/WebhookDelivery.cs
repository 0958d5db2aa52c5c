namespace ActionItems.Core.Domain;

/// <summary>
/// A recent webhook claim, so replays and bursts queue one pull across every process (api and workers share the
/// table). Two kinds of key: a delivery's identity (its object and transactions, or its body), which stops replays of
/// one delivery for the de-duplication window; and "a pull of this object is queued and has not started", which the
/// pull removes as it starts, so a change made after that is pulled again. Rows older than the window no longer
/// count and are purged.
/// </summary>
public class WebhookDelivery
{
    /// <summary>
    /// How long a claim counts: long enough to swallow Phorge's retries and replays of one delivery and a burst of
    /// edits to one task, short enough that a pull lost with its job (never run, so never released) is queued again
    /// by the next delivery soon. The poll catches anything in between.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The key held while a pull of <paramref name="objectPhid"/> is queued and not yet started.</summary>
    public static string PullKey(string objectPhid) => "pull:" + objectPhid;

    /// <summary>The <see cref="SyncTarget"/> id the delivery came in for; no foreign key, the row is only a short-lived claim.</summary>
    public long SyncTargetId { get; set; }

    /// <summary>The claim: <c>delivery:</c> + SHA-256 of the delivery's identity, or <c>pull:</c> + the object's PHID.</summary>
    public required string DeliveryKey { get; set; }

    /// <summary>The object the delivery named (for looking back in SQL).</summary>
    public required string ObjectPhid { get; set; }

    /// <summary>When the claim was made; a claim older than the window is replaced by the next one.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
}
