namespace ActionItems.Core.Domain;

/// <summary>
/// Both sides changed the same field of a linked item to different values (docs/sync.md, three-way
/// merge). The policy picked a winner and applied it to both sides; the losing value is kept here so a
/// human can see it and flip the decision. The link stays <see cref="TrackerLinkState.Conflict"/> while
/// any of its conflicts is open.
/// </summary>
public class SyncConflict
{
    public long Id { get; set; }
    public long TrackerLinkId { get; set; }
    public TrackerLink? TrackerLink { get; set; }

    /// <summary>A <see cref="HistoryFields"/> name: title, status, owner, priority, description or tags.</summary>
    public required string Field { get; set; }

    /// <summary>Values in snapshot form (see <see cref="LinkSnapshot"/>): enum names, owner account id, tags comma-separated.</summary>
    public string? LocalValue { get; set; }
    public string? RemoteValue { get; set; }
    public DateTimeOffset LocalChangedAt { get; set; }
    public DateTimeOffset RemoteChangedAt { get; set; }

    /// <summary>Which value the policy applied to both sides.</summary>
    public ConflictSide Winner { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public ConflictResolution? Resolution { get; set; }

    /// <summary>Who resolved it: a user, or the sync engine when a later change superseded it.</summary>
    public string? ResolvedBy { get; set; }

    public bool IsOpen => ResolvedAt is null;
}

public enum ConflictSide
{
    Local,
    Remote,
}

public enum ConflictResolution
{
    /// <summary>A human kept the local value (pushed to the tracker if it was the loser).</summary>
    KeptLocal,

    /// <summary>A human kept the remote value (applied locally if it was the loser).</summary>
    KeptRemote,

    /// <summary>A later change to the same field on either side made the decision moot.</summary>
    Superseded,
}
