namespace ActionItems.Core.Domain;

/// <summary>
/// Ties an action item to one remote object (Phabricator task, GitHub issue) in one sync target.
/// The base snapshot is what both sides last agreed on; the three-way merge compares against it.
/// </summary>
public class TrackerLink
{
    public long Id { get; set; }
    public long ActionItemId { get; set; }
    public ActionItem? ActionItem { get; set; }
    public long SyncTargetId { get; set; }
    public SyncTarget? SyncTarget { get; set; }

    /// <summary>Remote key as users write it: <c>T123456</c> or <c>owner/repo#12</c>. Null while PendingCreate.</summary>
    public string? RemoteId { get; set; }

    /// <summary>Tracker-internal id when it differs from the user-facing key (Phabricator PHID, GitHub node id).</summary>
    public string? RemoteInternalId { get; set; }

    public string? RemoteUrl { get; set; }

    /// <summary>Field values at the last successful sync; null until the first pull fills it.</summary>
    public LinkSnapshot? BaseSnapshot { get; set; }

    /// <summary>Remote dateModified / ETag seen at the last sync.</summary>
    public string? RemoteVersion { get; set; }

    /// <summary>A new link has read nothing yet, so it does not claim to agree (docs/sync.md, link states).</summary>
    public TrackerLinkState State { get; set; } = TrackerLinkState.PendingFill;
    public string? LastError { get; set; }
    public DateTimeOffset? LastSyncedAt { get; set; }

    /// <summary>Marker written into a remote object we create, so a retried create finds it instead of duplicating it.</summary>
    public Guid? SyncKey { get; set; }
    public DateTimeOffset? PendingSince { get; set; }

    /// <summary>
    /// When the first create request for this link was about to be sent (committed before sending). Null means no
    /// create was ever sent, so there is nothing remote to look for; otherwise the sync-key look-up starts here.
    /// </summary>
    public DateTimeOffset? CreateAttemptedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Since when the remote object's full history is owed to the item's history (its first fill could read only its
    /// open/close dates); null when nothing is owed. The paced history job reads it and clears this.
    /// </summary>
    public DateTimeOffset? HistoryBackfillDueAt { get; set; }
}

/// <summary>Mirrored field values as both sides agreed at the last sync (stored as JSON).</summary>
public sealed record LinkSnapshot
{
    public string? Title { get; init; }
    public string? Status { get; init; }
    public string? Owner { get; init; }
    public string? Priority { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool Equals(LinkSnapshot? other) =>
        other is not null && Title == other.Title && Status == other.Status && Owner == other.Owner &&
        Priority == other.Priority && Description == other.Description && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(Title, Status, Owner, Priority, Description, Tags.Count);
}
