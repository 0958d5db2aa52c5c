using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// What the sync engine needs from one tracker (docs/sync.md). One instance talks to one configured
/// target. Values crossing this boundary are already in local vocabulary (statuses and priorities
/// mapped through the target's maps); only people stay remote accounts, because mapping them to
/// <see cref="Person"/> rows needs the database, which connectors never touch.
/// Failures are reported with the <see cref="TrackerException"/> family so the engine can apply the
/// error table (transient / rate limited / permanent / gone) without knowing the tracker.
/// </summary>
public interface ISyncConnector
{
    TrackerKind Kind { get; }

    /// <summary>The account our token acts as; events authored by it are our own echoes.</summary>
    Task<RemoteAccount> WhoAmIAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Current state of the given objects (user-facing ids such as <c>T123</c>, or internal ids such
    /// as PHIDs), fetched in batches of at most 100 per call. Objects that do not exist or are not
    /// visible to us are simply absent from the result.
    /// </summary>
    Task<IReadOnlyList<RemoteItem>> FetchAsync(IReadOnlyCollection<string> remoteIds, CancellationToken cancellationToken);

    /// <summary>
    /// One page of objects modified at or after <paramref name="cursor"/> (null = from now on; the
    /// connector returns an empty page whose cursor starts the watch). The connector handles the
    /// overlap its tracker needs, so the same object can come back again; the engine de-duplicates by
    /// (remote id, <see cref="RemoteItem.ModifiedAt"/>). Store <see cref="RemoteChangePage.NextCursor"/>
    /// only after the page is applied, then call again while <see cref="RemoteChangePage.HasMore"/>.
    /// A poll that finds nothing new costs exactly one call.
    /// </summary>
    Task<RemoteChangePage> FetchChangedAsync(string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// Looks for an object we created carrying <paramref name="syncKey"/> in its marker, without
    /// full-text search: objects authored by our account since <paramref name="createdSince"/>.
    /// </summary>
    Task<RemoteItem?> FindBySyncKeyAsync(Guid syncKey, DateTimeOffset createdSince, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the remote object with the marker carrying <see cref="RemoteDraft.SyncKey"/> in one call; returns what
    /// the tracker answered (at least the new object's ids, see <see cref="RemoteWriteResult"/>).
    /// </summary>
    Task<RemoteWriteResult> CreateAsync(RemoteDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// Sends only the given changed fields in one call and returns what the tracker answered (see
    /// <see cref="RemoteWriteResult"/>). A change that the tracker considers a no-op is not an error.
    /// </summary>
    Task<RemoteWriteResult> UpdateAsync(RemoteItemRef item, RemoteFieldChanges changes, CancellationToken cancellationToken);

    /// <summary>
    /// Status / owner / priority / title changes of one object, oldest first, for history backfill; with
    /// <paramref name="since"/> only changes made at or after it (the tracker is read from the newest back, so the
    /// author of a change just pulled costs one call). Changes of other mirrored fields (description, tags) come with
    /// no values (<see cref="RemoteHistoryEntry.HasValues"/>): they name who changed the field when.
    /// </summary>
    Task<IReadOnlyList<RemoteHistoryEntry>> FetchHistoryAsync(RemoteItemRef item, DateTimeOffset? since, CancellationToken cancellationToken);

    /// <summary>
    /// Recent changes of many objects in as few calls as the tracker allows (its activity across all objects, newest
    /// first), until the given fields (<see cref="HistoryFields"/> names) of every object (internal id) were seen, the
    /// reading reaches back before <paramref name="since"/>, or it has made as many calls as objects are still missing
    /// (reading each one's own history would cost no more): for each object its changes found, oldest first, as
    /// <see cref="FetchHistoryAsync"/> gives them.
    /// </summary>
    Task<RecentHistory> FetchRecentHistoryAsync(IReadOnlyDictionary<string, IReadOnlyCollection<string>> fieldsByObject, DateTimeOffset since,
        CancellationToken cancellationToken);

    /// <summary>Account details for account ids (PHIDs, GitHub logins); unknown ids are absent.</summary>
    Task<IReadOnlyList<RemoteAccount>> ResolveAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken);

    /// <summary>Account of a username / login, or null when the tracker has no such user.</summary>
    Task<RemoteAccount?> FindAccountByUsernameAsync(string username, CancellationToken cancellationToken);
}

/// <summary>Builds the connector for a configured target (one per job run; connectors may cache per target).</summary>
public interface ISyncConnectorFactory
{
    bool Supports(TrackerKind kind);
    ISyncConnector Create(SyncTargetOptions target);
}

/// <summary>A remote user. <see cref="Id"/> is what the tracker stores (PHID, GitHub login).</summary>
public sealed record RemoteAccount(string Id, string Username, string? DisplayName);

/// <summary>Identifies a remote object for writes: user-facing id plus internal id when known.</summary>
public sealed record RemoteItemRef(string RemoteId, string? InternalId, Guid? SyncKey);

/// <summary>
/// What a tracker answered to a create or an update: the object's ids, and the object as now stored when the tracker
/// returns it (GitHub's REST API does). Phorge's <c>maniphest.edit</c> answers only ids, so <see cref="Item"/> is null and
/// the engine reads the written objects back itself, 100 per <see cref="ISyncConnector.FetchAsync"/> call, instead of one
/// read per write.
/// </summary>
public sealed record RemoteWriteResult(string RemoteId, string InternalId, string Url)
{
    public RemoteItem? Item { get; init; }

    public static RemoteWriteResult Of(RemoteItem item) => new(item.RemoteId, item.InternalId, item.Url) { Item = item };
}

/// <summary>The mirrored fields of a remote object in local vocabulary.</summary>
public sealed record RemoteFields
{
    public required string Title { get; init; }

    /// <summary>Mapped local status; null when the remote status has no mapping (the engine reports it).</summary>
    public ActionItemStatus? Status { get; init; }

    /// <summary>The raw remote status key, for error messages and conflict records.</summary>
    public string? RemoteStatus { get; init; }

    /// <summary>Owner account id (PHID / login) or null when unassigned.</summary>
    public string? OwnerAccountId { get; init; }

    public Priority Priority { get; init; } = Priority.Unset;

    /// <summary>Description without our sync-key marker block.</summary>
    public string? Description { get; init; }

    /// <summary>Tags the target maps (Phabricator project slugs / GitHub labels), lower-case, sorted.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

public sealed record RemoteItem
{
    /// <summary>User-facing id: <c>T123</c>, <c>owner/repo#12</c>.</summary>
    public required string RemoteId { get; init; }

    /// <summary>Internal id: PHID, GitHub node id.</summary>
    public required string InternalId { get; init; }

    public required string Url { get; init; }
    public required RemoteFields Fields { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ModifiedAt { get; init; }
    public string? AuthorAccountId { get; init; }

    /// <summary>
    /// When the object last went from open to closed, and by whom; null while open (trackers clear both on reopen).
    /// With <see cref="CreatedAt"/> they give the open/close history of an object closed at most once without reading
    /// its transactions.
    /// </summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public string? CloserAccountId { get; init; }

    /// <summary>Sync key found in the object's marker, if we created it.</summary>
    public Guid? SyncKey { get; init; }
}

/// <summary>What to create remotely. Owner is an account id resolved by the engine.</summary>
public sealed record RemoteDraft(Guid SyncKey, RemoteFields Fields);

/// <summary>Only the fields to change; null means "leave alone". Set <see cref="ClearOwner"/> to unassign.</summary>
public sealed record RemoteFieldChanges
{
    public string? Title { get; init; }
    public ActionItemStatus? Status { get; init; }
    public string? OwnerAccountId { get; init; }
    public bool ClearOwner { get; init; }
    public Priority? Priority { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? TagsToAdd { get; init; }
    public IReadOnlyList<string>? TagsToRemove { get; init; }

    public bool IsEmpty => Title is null && Status is null && OwnerAccountId is null && !ClearOwner &&
        Priority is null && Description is null && (TagsToAdd?.Count ?? 0) == 0 && (TagsToRemove?.Count ?? 0) == 0;
}

public sealed record RemoteChangePage(IReadOnlyList<RemoteItem> Items, string NextCursor, bool HasMore);

/// <summary>
/// One field change in remote history. <see cref="Field"/> is a <see cref="HistoryFields"/> name;
/// values are in local vocabulary (status/priority enum names, owner account id).
/// </summary>
public sealed record RemoteHistoryEntry(string Field, string? OldValue, string? NewValue, DateTimeOffset At, string? AuthorAccountId)
{
    /// <summary>Whether the entry carries the field's values (history) or only its time and author (attribution).</summary>
    public bool HasValues => Field is HistoryFields.Status or HistoryFields.Owner or HistoryFields.Priority or HistoryFields.Title;
}

/// <summary>
/// What <see cref="ISyncConnector.FetchRecentHistoryAsync"/> found per object (internal id). When not
/// <see cref="Complete"/> (it stopped early), changes older than where the reading stopped are missing; the newest are there.
/// </summary>
public sealed record RecentHistory(IReadOnlyDictionary<string, IReadOnlyList<RemoteHistoryEntry>> ByObject, bool Complete);
