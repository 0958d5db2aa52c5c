using System.Globalization;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Engine;

/// <summary>
/// The tracker-neutral sync core, one target at a time, through an <see cref="ISyncConnector"/>: it decides which
/// links to fill, merge or create and commits each page or link once. What a merge decides is
/// <see cref="SyncMerger"/>'s, how a field is written is <see cref="SyncedFieldMap"/>'s. Tracker failures propagate as
/// <see cref="TrackerException"/>s except those that concern one link (permanent, gone), which are recorded on that
/// link so the rest keep flowing.
/// </summary>
public sealed class SyncEngine(
    ActionItemsDbContext db,
    SyncTargetRegistry registry,
    IEnumerable<ISyncConnectorFactory> factories,
    TimeProvider clock,
    IOutboxDrainSignal drainSignal,
    ILogger<SyncEngine> logger)
{
    /// <summary>Link pushes written for other trackers of items a pull changed, not yet committed (<see cref="SaveAsync"/>).</summary>
    private bool _relayPending;

    /// <summary>Remote look-ups and fills go in batches of this many ids (Conduit and GitHub both page at 100).</summary>
    public const int BatchSize = 100;

    /// <summary>How far before pendingSince a create may have landed (clock skew between us and the tracker).</summary>
    public static readonly TimeSpan CreateLookBack = TimeSpan.FromMinutes(5);

    /// <summary>A sync run against one configured target.</summary>
    public sealed record TargetSession(SyncTarget Target, SyncTargetOptions Options, ISyncConnector Connector, PeopleMapper People)
    {
        public ChangeOrigin Origin => Target.Kind == TrackerKind.Phabricator ? ChangeOrigin.Phabricator : ChangeOrigin.GitHub;
        public string DefaultActor => Target.Name;

        /// <summary>Applying remote values: the target's tags, and owners among the people prepared by <see cref="PeopleMapper.PrepareAsync"/>.</summary>
        public SyncedFieldContext FieldContext => new(Options.ProjectTags, People.PersonFor);

        private string? _syncAccountId;
        private bool _syncAccountKnown;

        /// <summary>
        /// Learns the account the target's token acts as when one of <paramref name="remoteOwners"/> could be it; owners are
        /// read through it (<see cref="RemoteOwner"/>). Objects without owners cost no call; the connector caches the answer.
        /// </summary>
        public async Task LearnSyncAccountAsync(IEnumerable<string?> remoteOwners, CancellationToken cancellationToken)
        {
            if (!_syncAccountKnown && remoteOwners.Any(o => o is not null))
            {
                _syncAccountId = (await Connector.WhoAmIAsync(cancellationToken)).Id;
                _syncAccountKnown = true;
            }
        }

        /// <summary>A remote owner as the sync reads it (<see cref="SyncedFieldMap.RemoteOwner"/>); null when unassigned.</summary>
        public string? RemoteOwner(string? accountId) => SyncedFieldMap.RemoteOwner(accountId, SyncAccountFor(accountId));

        public SyncedFields ReadRemote(RemoteItem remote) =>
            SyncedFieldMap.ReadRemote(remote.Fields, Options.ProjectTags, SyncAccountFor(remote.Fields.OwnerAccountId));

        /// <summary>A path that reads an owner without <see cref="LearnSyncAccountAsync"/> would let the sync account in: a bug.</summary>
        private string? SyncAccountFor(string? owner) => owner is null || _syncAccountKnown
            ? _syncAccountId
            : throw new InvalidOperationException("a remote owner is read before the sync account was learned (LearnSyncAccountAsync)");

        /// <summary>The item's side of the merge, and why its owner cannot be sent when the owner has no account here.</summary>
        public async Task<(SyncedFields Local, string? OwnerError)> ReadLocalAsync(ActionItem item, CancellationToken cancellationToken)
        {
            var (ownerAccount, ownerError) = await People.OwnerAccountAsync(item, cancellationToken);
            return (SyncedFieldMap.Read(item, ownerAccount, Options.ProjectTags), ownerError);
        }
    }

    /// <summary>The session for a target row, or null when the target is not configured (e.g. created by an import) or halted.</summary>
    public async Task<TargetSession?> OpenAsync(long targetId, CancellationToken cancellationToken)
    {
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (target is null || target.HaltedAt is not null || registry.Find(target.Name) is not { } options)
        {
            return null;
        }
        var factory = factories.FirstOrDefault(f => f.Supports(options.Kind));
        if (factory is null)
        {
            logger.LogWarning("No connector for {Target}; it is not synced", options);
            return null;
        }
        var connector = factory.Create(options);
        return new TargetSession(target, options, connector, new PeopleMapper(db, connector, clock));
    }

    /// <summary>
    /// One poll: fills links never filled (batches of 100, with history backfill), then applies the pages
    /// of objects changed since the cursor, storing the cursor with each applied page.
    /// </summary>
    public async Task PollAsync(TargetSession session, CancellationToken cancellationToken)
    {
        var target = session.Target;
        target.LastPollAt = clock.GetUtcNow();
        await FillAsync(session, cancellationToken);

        var cursor = target.PollCursor;
        if (cursor is null)
        {
            // The first poll only starts watching from now: read every linked task once, so a change made
            // between a link's fill and this moment is not missed (objects already applied are skipped).
            var start = await session.Connector.FetchChangedAsync(null, cancellationToken);
            await RefreshAsync(session, LinksOf(target.Id).Where(l => l.BaseSnapshot != null && l.RemoteId != null &&
                (l.State == TrackerLinkState.Linked || l.State == TrackerLinkState.Diverged || l.State == TrackerLinkState.Conflict)),
                missingIsBroken: false, cancellationToken);
            target.PollCursor = cursor = start.NextCursor;
            await SaveAsync(cancellationToken);
        }
        RemoteChangePage page;
        do
        {
            page = await session.Connector.FetchChangedAsync(cursor, cancellationToken);
            await ApplyRemoteItemsAsync(session, page.Items, force: false, cancellationToken);
            target.PollCursor = cursor = page.NextCursor;
            if (!page.HasMore)
            {
                target.LastSuccessfulPollAt = clock.GetUtcNow();
                target.LastError = null;
            }
            await SaveAsync(cancellationToken);
        }
        while (page.HasMore);
    }

    /// <summary>A webhook or requestSync hint: re-reads one remote object and applies it if we link it.</summary>
    public async Task PullAsync(TargetSession session, string remoteId, CancellationToken cancellationToken)
    {
        var items = await session.Connector.FetchAsync([remoteId], cancellationToken);
        if (items.Count > 0)
        {
            await ApplyRemoteItemsAsync(session, items, force: true, cancellationToken);
        }
        else if (await LinksOf(session.Target.Id).FirstOrDefaultAsync(l => l.RemoteId == remoteId || l.RemoteInternalId == remoteId,
                     cancellationToken) is { } link)
        {
            TrackerLinkUpdates.Broken(link, NoLongerThere(remoteId));
        }
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Brings these links of one target up to date in both directions, for local changes (outbox) and requestSync
    /// (docs/sync.md, Push): creates the remote objects of pending links (<see cref="RemoteCreator"/>); for the others,
    /// reads their objects 100 per call, merges each, sends one update per link that has something to send and reads
    /// the updated objects back 100 per call. Each link's outbox rows are settled in the save that completes the link;
    /// a link the tracker refuses or lost is recorded on it and the rest go on.
    /// </summary>
    public async Task PushLinksAsync(TargetSession session, IReadOnlyList<LinkPush> pushes, CancellationToken cancellationToken)
    {
        // A create the tracker refused (Error, never created) is created when retried.
        var creates = pushes.Where(p => p.Link.State == TrackerLinkState.PendingCreate ||
                                        (p.Link.State == TrackerLinkState.Error && p.Link.RemoteId is null && p.Link.SyncKey is not null)).ToList();
        var updates = pushes.Except(creates).Where(p => p.Link.State != TrackerLinkState.Broken && p.Link.RemoteId is not null).ToList();
        // Nothing to push for the rest (Broken, or a link with no remote object to reach).
        foreach (var idle in pushes.Except(creates).Except(updates))
        {
            idle.Completed(clock.GetUtcNow());
        }
        await SaveAsync(cancellationToken);
        if (creates.Count > 0)
        {
            var itemIds = creates.Select(p => p.Link.ActionItemId).ToList();
            var items = await ItemsWithHistory().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
            await new RemoteCreator(db, clock, logger).CreateAsync(session, creates, items, cancellationToken);
        }
        foreach (var batch in updates.Chunk(BatchSize))
        {
            await PushBatchAsync(session, batch, cancellationToken);
        }
    }

    /// <summary>At most <see cref="BatchSize"/> linked links: one read, the merges, one update per link with changes, one read-back.</summary>
    private async Task PushBatchAsync(TargetSession session, IReadOnlyList<LinkPush> batch, CancellationToken cancellationToken)
    {
        var remote = await session.Connector.FetchAsync([.. batch.Select(p => FetchIdOf(p.Link))], cancellationToken);
        var updates = new List<PendingUpdate>();
        var found = await ApplyRemoteItemsAsync(session, remote, force: true, cancellationToken, updates);
        var byLink = batch.ToDictionary(p => p.Link.Id);
        // Another link to the same object is merged too (as a pull would); it has no rows of this push to settle.
        LinkPush PushOf(TrackerLink link) => byLink.GetValueOrDefault(link.Id) ?? new LinkPush(link, []);
        var now = clock.GetUtcNow();
        var settled = new HashSet<long>();
        foreach (var push in batch)
        {
            if (!found.Contains(push.Link.Id))
            {
                push.Gone(NoLongerThere(push.Link.RemoteId!), now);
                settled.Add(push.Link.Id);
            }
            else if (push.Link.State == TrackerLinkState.Error)
            {
                // A merge that succeeds leaves Linked, Diverged or Conflict: Error here is this merge's failure.
                push.Refused(push.Link.LastError ?? "refused by the tracker");
                settled.Add(push.Link.Id);
            }
        }

        var written = new List<(PendingUpdate Update, RemoteWriteResult Result)>();
        foreach (var update in updates)
        {
            var push = PushOf(update.Link);
            try
            {
                var result = await session.Connector.UpdateAsync(new RemoteItemRef(update.Remote.RemoteId, update.Remote.InternalId, update.Link.SyncKey),
                    update.Merge.ToSend, cancellationToken);
                written.Add((update, result));
            }
            catch (TrackerPermanentException e) when (!e.AffectsWholeTarget)
            {
                update.KeepBase();
                push.Refused(e.Message);
                settled.Add(push.Link.Id);
            }
            catch (TrackerObjectGoneException e)
            {
                update.KeepBase();
                push.Gone(e.Message, now);
                settled.Add(push.Link.Id);
            }
        }

        var toReadBack = written.Where(w => w.Result.Item is null).Select(w => w.Result.InternalId).ToList();
        var readBack = toReadBack.Count == 0 ? [] : await session.Connector.FetchAsync(toReadBack, cancellationToken);
        var readBackById = readBack.ToDictionary(r => r.InternalId, StringComparer.Ordinal);
        await session.LearnSyncAccountAsync(readBack.Concat(written.Select(w => w.Result.Item).OfType<RemoteItem>())
            .Select(r => r.Fields.OwnerAccountId), cancellationToken);
        now = clock.GetUtcNow();
        foreach (var (update, result) in written)
        {
            var push = PushOf(update.Link);
            if ((result.Item ?? readBackById.GetValueOrDefault(result.InternalId)) is { } updated)
            {
                TrackerLinkUpdates.Synced(update.Link, updated, update.Merge.BaseAfterPush(session.ReadRemote(updated)), VersionOf(updated), now);
            }
            else
            {
                update.KeepBase();
                push.Gone(NoLongerThere(result.RemoteId), now);
                settled.Add(push.Link.Id);
            }
        }
        foreach (var push in batch.Where(p => !settled.Contains(p.Link.Id)))
        {
            push.Completed(now);
        }
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// A merge whose update is sent after the merges of its batch. Until the tracker has it, the link keeps the base it
    /// had: the merged base assumes the update went through.
    /// </summary>
    private sealed record PendingUpdate(TrackerLink Link, RemoteItem Remote, MergeResult Merge)
    {
        private readonly LinkSnapshot? _baseBefore = Link.BaseSnapshot;
        private readonly string? _versionBefore = Link.RemoteVersion;
        private readonly DateTimeOffset? _syncedBefore = Link.LastSyncedAt;

        /// <summary>The update did not go through: the next push sends the change again.</summary>
        public void KeepBase()
        {
            Link.BaseSnapshot = _baseBefore;
            Link.RemoteVersion = _versionBefore;
            Link.LastSyncedAt = _syncedBefore;
        }
    }

    /// <summary>
    /// Fills links never filled (PendingFill: from postmortem references or linkTrackerTask): their tasks are fetched 100 per call, their
    /// history backfilled, and the remote wins every field. Tasks that are not there mark their link Broken.
    /// </summary>
    public Task FillAsync(TargetSession session, CancellationToken cancellationToken) =>
        RefreshAsync(session, LinksOf(session.Target.Id).Where(l => l.State == TrackerLinkState.PendingFill && l.RemoteId != null),
            missingIsBroken: true, cancellationToken);

    /// <summary>
    /// One paced round of the history job: copies the full remote history of at most <paramref name="maxLinks"/> links whose
    /// first fill owed it (<see cref="TrackerLink.HistoryBackfillDueAt"/>, oldest first), one transaction read each, the people
    /// they name resolved in one look-up, committed together (a run that fails is redone whole: applying history twice
    /// writes nothing twice). Returns how many links it handled. An object gone or refused is left to the sync, which
    /// reports it on the link; its history is no longer owed.
    /// </summary>
    public async Task<int> BackfillHistoryAsync(TargetSession session, int maxLinks, CancellationToken cancellationToken)
    {
        var links = await LinksOf(session.Target.Id).Where(l => l.HistoryBackfillDueAt != null)
            .OrderBy(l => l.HistoryBackfillDueAt).ThenBy(l => l.Id).Take(maxLinks).ToListAsync(cancellationToken);
        var itemIds = links.Select(l => l.ActionItemId).ToList();
        var items = await ItemsWithHistory().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        // Histories first, so that the people they name are resolved in one look-up.
        var histories = new Dictionary<long, IReadOnlyList<RemoteHistoryEntry>>();
        foreach (var link in links.Where(l => l.RemoteId is not null && l.State != TrackerLinkState.Broken))
        {
            try
            {
                histories[link.Id] = await session.Connector.FetchHistoryAsync(new RemoteItemRef(link.RemoteId!, link.RemoteInternalId, link.SyncKey),
                    since: null, cancellationToken);
            }
            catch (TrackerException e) when (e is TrackerObjectGoneException or TrackerPermanentException { AffectsWholeTarget: false })
            {
                logger.LogWarning("History of {RemoteId} in {Target} could not be read: {Reason}", link.RemoteId, session.Target.Name, e.Message);
            }
        }
        var entries = histories.Values.SelectMany(h => h).ToList();
        await session.LearnSyncAccountAsync(HistoryBackfill.OwnersIn(entries), cancellationToken);
        await session.People.PrepareAsync(HistoryBackfill.AccountsIn(session, entries), cancellationToken);
        foreach (var link in links)
        {
            if (histories.TryGetValue(link.Id, out var history))
            {
                HistoryBackfill.Apply(session, items[link.ActionItemId], HistoryBackfill.Read(session, history));
            }
            link.HistoryBackfillDueAt = null;
        }
        await SaveAsync(cancellationToken);
        return links.Count;
    }

    /// <summary>Fetches and applies the remote objects of these links, committing each batch of <see cref="BatchSize"/>.</summary>
    private async Task RefreshAsync(TargetSession session, IQueryable<TrackerLink> links, bool missingIsBroken,
        CancellationToken cancellationToken)
    {
        var ordered = await links.OrderBy(l => l.Id).ToListAsync(cancellationToken);
        foreach (var batch in ordered.Chunk(BatchSize))
        {
            var remote = await session.Connector.FetchAsync([.. batch.Select(FetchIdOf)], cancellationToken);
            var found = await ApplyRemoteItemsAsync(session, remote, force: false, cancellationToken);
            foreach (var link in batch.Where(l => missingIsBroken && !found.Contains(l.Id)))
            {
                TrackerLinkUpdates.Broken(link, $"{link.RemoteId} does not exist or is not visible to the sync account");
            }
            await SaveAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Applies remote objects to the links that point at them (backfilling history on a first fill); returns
    /// the ids of the links touched. A permanent or gone failure of one link is recorded on it; the rest go on. With
    /// <paramref name="deferredUpdates"/>, the updates merges have to send are collected there for the caller to send in a batch.
    /// </summary>
    private async Task<HashSet<long>> ApplyRemoteItemsAsync(TargetSession session, IReadOnlyList<RemoteItem> remote, bool force,
        CancellationToken cancellationToken, List<PendingUpdate>? deferredUpdates = null)
    {
        var touched = new HashSet<long>();
        if (remote.Count == 0)
        {
            return touched;
        }
        var remoteIds = remote.Select(r => r.RemoteId).ToList();
        var internalIds = remote.Select(r => r.InternalId).ToList();
        // Only objects we link are applied; everything else the tracker reports is none of our business.
        var links = await LinksOf(session.Target.Id)
            .Where(l => (l.RemoteId != null && remoteIds.Contains(l.RemoteId)) ||
                        (l.RemoteInternalId != null && internalIds.Contains(l.RemoteInternalId)))
            .ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return touched;
        }
        var itemIds = links.Select(l => l.ActionItemId).ToList();
        var items = await ItemsWithHistory().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);

        var pairs = new List<(TrackerLink Link, RemoteItem Remote)>();
        foreach (var remoteItem in remote)
        {
            var link = links.FirstOrDefault(l => l.RemoteInternalId == remoteItem.InternalId) ??
                       links.FirstOrDefault(l => string.Equals(l.RemoteId, remoteItem.RemoteId, StringComparison.OrdinalIgnoreCase));
            // A Broken link waits for a human to relink it, even if its task shows up again.
            if (link is null || link.State is TrackerLinkState.PendingCreate or TrackerLinkState.Broken || !touched.Add(link.Id))
            {
                continue;
            }
            pairs.Add((link, remoteItem));
        }

        // The people a first fill names (closers, authors) are resolved with the owners, in one look-up.
        await session.LearnSyncAccountAsync(pairs.Select(p => p.Remote.Fields.OwnerAccountId), cancellationToken);
        await session.People.PrepareAsync(pairs.Select(p => session.RemoteOwner(p.Remote.Fields.OwnerAccountId))
            .Concat(pairs.Where(p => p.Link.BaseSnapshot is null).SelectMany(p => HistoryBackfill.FirstFillAccounts(p.Remote))), cancellationToken);
        var authors = await PulledChangeAuthors.ReadAheadAsync(session, pairs, cancellationToken);
        var openConflicts = await OpenConflictsAsync(pairs.Select(p => p.Link), cancellationToken);

        var changedByPull = new HashSet<long>();
        foreach (var (link, remoteItem) in pairs)
        {
            var item = items[link.ActionItemId];
            var firstFill = link.BaseSnapshot is null;
            try
            {
                if (await MergeLinkAsync(session, link, item, remoteItem, force, authors, [.. openConflicts[link.Id]], cancellationToken, deferredUpdates) &&
                    !firstFill)
                {
                    changedByPull.Add(item.Id);
                }
                if (firstFill && HistoryBackfill.NeedsFullHistory(remoteItem))
                {
                    // Read later by the paced history job, so the fill stays at one search per hundred tasks.
                    link.HistoryBackfillDueAt ??= clock.GetUtcNow();
                }
            }
            catch (TrackerPermanentException e) when (!e.AffectsWholeTarget)
            {
                TrackerLinkUpdates.Failed(link, e.Message);
            }
            catch (TrackerObjectGoneException e)
            {
                TrackerLinkUpdates.Broken(link, e.Message);
            }
        }
        await RelayToOtherTrackersAsync(session, changedByPull, cancellationToken);
        return touched;
    }

    /// <summary>
    /// The unresolved conflicts of a batch's links, read in one query (tracked, so the merge's recorder supersedes them). A link
    /// never filled (no base) cannot have any, so a first fill reads none.
    /// </summary>
    private async Task<ILookup<long, SyncConflict>> OpenConflictsAsync(IEnumerable<TrackerLink> links, CancellationToken cancellationToken)
    {
        var linkIds = links.Where(l => l.BaseSnapshot is not null).Select(l => l.Id).ToList();
        if (linkIds.Count == 0)
        {
            return Array.Empty<SyncConflict>().ToLookup(c => c.TrackerLinkId);
        }
        var open = await db.SyncConflicts.Where(c => linkIds.Contains(c.TrackerLinkId) && c.ResolvedAt == null).ToListAsync(cancellationToken);
        return open.ToLookup(c => c.TrackerLinkId);
    }

    /// <summary>
    /// An item linked to several trackers (say a Phorge task and a GitHub issue) mirrors what one of them changed to the
    /// others: each of its other live links gets a pending push, saved with the pulled change, and the drain is signalled
    /// once it is committed (<see cref="SaveAsync"/>). The link the change came from gets none, and a pull writes no
    /// item-changed row (no echo); the other tracker's push stores what it returned as its base, so its next poll applies
    /// nothing and relays nothing back. A first fill relays nothing: the linked task is read as the record of this link
    /// only, and the other trackers get the item's values with their next push.
    /// </summary>
    private async Task RelayToOtherTrackersAsync(TargetSession session, HashSet<long> itemIds, CancellationToken cancellationToken)
    {
        if (itemIds.Count == 0)
        {
            return;
        }
        var targetId = session.Target.Id;
        var otherLinks = await db.TrackerLinks
            .Where(l => itemIds.Contains(l.ActionItemId) && l.SyncTargetId != targetId &&
                        l.State != TrackerLinkState.Broken && l.State != TrackerLinkState.PendingFill)
            .ToListAsync(cancellationToken);
        if (otherLinks.Count == 0)
        {
            return;
        }
        // A row no push has claimed yet carries this change too; a claimed one gets a new row beside it (LinkPushRows).
        await LinkPushRows.QueueAsync(db, otherLinks, clock.GetUtcNow(), cancellationToken);
        _relayPending = true;
    }

    /// <summary>Saves, then signals the drain when the save committed pushes relayed to other trackers.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        if (_relayPending)
        {
            _relayPending = false;
            drainSignal.SyncWorkCommitted();
        }
    }

    /// <summary>
    /// The three-way merge of one link against its remote object. Skips objects already applied at this remote version
    /// (unless <paramref name="force"/>, for a local change that has to go out). Each applied remote value is written with
    /// the time and author of its change: on a first fill as far as the object itself tells
    /// (<see cref="HistoryBackfill.FirstFillChanges"/>), afterwards from the object's latest transactions (one call, only
    /// when something is applied). <paramref name="openConflicts"/> are the link's unresolved conflicts, read for the whole
    /// batch (<see cref="OpenConflictsAsync"/>).
    /// </summary>
    private async Task<bool> MergeLinkAsync(TargetSession session, TrackerLink link, ActionItem item, RemoteItem remote, bool force,
        PulledChangeAuthors authors, IReadOnlyList<SyncConflict> openConflicts, CancellationToken cancellationToken,
        List<PendingUpdate>? deferredUpdates = null)
    {
        var version = VersionOf(remote);
        if (!force && link.BaseSnapshot is not null && link.RemoteVersion == version)
        {
            return false;
        }
        var (local, localOwnerError) = await session.ReadLocalAsync(item, cancellationToken);
        var remoteFields = session.ReadRemote(remote);
        var (skipped, errors) = FieldsThatCannotAgree(session, remote, remoteFields, localOwnerError);
        var baseFields = SyncedFields.FromSnapshot(link.BaseSnapshot);
        // The held fields are decided from the open conflicts, and the recorder supersedes them.
        skipped.UnionWith(HeldFields(link, openConflicts, baseFields, local, remoteFields));
        var latestChanges = item.History.GroupBy(h => h.Field).Select(g => g.MaxBy(h => h.At)!).ToList();
        var merge = SyncMerger.Merge(new MergeInput
        {
            Base = baseFields,
            Local = local,
            Remote = remoteFields,
            LocalChangedAt = latestChanges.ToDictionary(h => h.Field, h => h.At),
            RemoteChangedAt = remote.ModifiedAt,
            Policy = session.Options.ConflictPolicy,
            SkippedFields = skipped,
            // The item's value came from another tracker's pull: this remote disagreeing with it is two trackers disagreeing.
            RelayedFields = latestChanges.Where(h => h.Origin is ChangeOrigin.Phabricator or ChangeOrigin.GitHub && h.Origin != session.Origin)
                .Select(h => h.Field).ToHashSet(),
        });

        var lastChanges = link.BaseSnapshot is null ? HistoryBackfill.FirstFillChanges(session, remote)
            : merge.ToApply.Count > 0 ? await authors.LastChangesAsync(session, link, remote, cancellationToken)
            : [];
        foreach (var decision in merge.ToApply)
        {
            var (at, actor) = lastChanges.TryGetValue(decision.Field, out var last)
                ? (last.At, last.Actor)
                : (remote.ModifiedAt, session.DefaultActor);
            if (SyncedFields.IsShortened(decision.Field, remote.Fields))
            {
                // The tracker's text is not the user's input: it is kept, shortened, rather than failing the sync.
                logger.LogWarning("The {Field} of {RemoteId} in {Target} is longer than an item may hold; item {ItemId} keeps it shortened with an ellipsis",
                    decision.Field, remote.RemoteId, session.Target.Name, item.Id);
            }
            ApplyRemoteValue(session, item, decision, at, actor);
        }
        if (link.BaseSnapshot is null)
        {
            // The task's own dates take precedence over a document's (dashboards age items from them) — except the
            // creation of a task this service created, which is only when the item was pushed.
            item.AdoptTrackerDates(link.SyncKey is null ? remote.CreatedAt : item.OpenedAt, remote.ClosedAt);
        }
        var hasOpenConflicts = new SyncConflictRecorder(db, clock).Record(link, openConflicts, merge);

        var newBase = merge.NewBase;
        if (merge.Sent.Count > 0 && deferredUpdates is not null)
        {
            deferredUpdates.Add(new PendingUpdate(link, remote, merge));
        }
        else if (merge.Sent.Count > 0)
        {
            var updated = await UpdateNowAsync(session, link, remote, merge, cancellationToken);
            await session.LearnSyncAccountAsync([updated.Fields.OwnerAccountId], cancellationToken);
            newBase = merge.BaseAfterPush(session.ReadRemote(updated));
            version = VersionOf(updated);
        }

        TrackerLinkUpdates.Synced(link, remote, newBase, version, clock.GetUtcNow());
        link.LastError = errors.Count == 0 ? null : string.Join("; ", errors);
        link.State = StateAfterMerge(hasOpenConflicts, errors.Count > 0);
        return merge.ToApply.Count > 0;
    }

    /// <summary>
    /// Fields of held conflicts (<see cref="FieldAction.ConflictHeld"/>: two trackers disagree) that still stand as recorded
    /// — the item holds the conflict's local value, the remote its remote value, the base that remote value — and so stay
    /// untouched on both sides until a person resolves them. A new change on either side merges again (and supersedes the
    /// conflict). A conflict the policy settled has written its winner on one side, so it never matches.
    /// </summary>
    private static IEnumerable<string> HeldFields(TrackerLink link, IReadOnlyList<SyncConflict> openConflicts, SyncedFields? baseFields,
        SyncedFields local, SyncedFields remote)
    {
        if (baseFields is null || link.State != TrackerLinkState.Conflict)
        {
            return [];
        }
        return openConflicts.Where(c => SyncedFields.Names.Contains(c.Field) && local[c.Field] == c.LocalValue && remote[c.Field] == c.RemoteValue &&
                               baseFields[c.Field] == c.RemoteValue)
            .Select(c => c.Field);
    }

    /// <summary>One update sent on its own (a merge during a poll or a pull) and the object as the tracker now has it.</summary>
    private static async Task<RemoteItem> UpdateNowAsync(TargetSession session, TrackerLink link, RemoteItem remote, MergeResult merge,
        CancellationToken cancellationToken)
    {
        var result = await session.Connector.UpdateAsync(new RemoteItemRef(remote.RemoteId, remote.InternalId, link.SyncKey), merge.ToSend,
            cancellationToken);
        return result.Item ?? (await session.Connector.FetchAsync([result.InternalId], cancellationToken)) switch
        {
            [var current] => current,
            _ => throw new TrackerObjectGoneException(NoLongerThere(remote.RemoteId), remote.RemoteId),
        };
    }

    /// <summary>
    /// Open conflicts win over fields that cannot agree: a conflict is the one a person has to settle (resolveConflict),
    /// and lastError still lists the fields that cannot agree, so nothing is hidden. A link that agrees says Linked.
    /// </summary>
    public static TrackerLinkState StateAfterMerge(bool hasOpenConflicts, bool hasFieldsThatCannotAgree) =>
        hasOpenConflicts ? TrackerLinkState.Conflict
        : hasFieldsThatCannotAgree ? TrackerLinkState.Diverged
        : TrackerLinkState.Linked;

    /// <summary>
    /// Fields that are left alone this round because one side holds a value the other cannot take (an unmapped
    /// remote status, an owner unknown on the other side), with the reason for each.
    /// </summary>
    private static (HashSet<string> Skipped, List<string> Errors) FieldsThatCannotAgree(TargetSession session, RemoteItem remote,
        SyncedFields remoteFields, string? localOwnerError)
    {
        var skipped = new HashSet<string>();
        var errors = new List<string>();
        if (remote.Fields.Status is null)
        {
            skipped.Add(HistoryFields.Status);
            errors.Add($"remote status '{remote.Fields.RemoteStatus}' has no local mapping (add it to StatusMap)");
        }
        if (remoteFields.Owner is { } remoteOwner && session.People.PersonFor(remoteOwner) is null)
        {
            skipped.Add(HistoryFields.Owner);
            errors.Add($"remote owner {remoteOwner} is unknown to the tracker's user directory");
        }
        if (localOwnerError is not null)
        {
            skipped.Add(HistoryFields.Owner);
            errors.Add(localOwnerError);
        }
        return (skipped, errors);
    }

    /// <summary>Writes a remote value into the item with tracker origin, so no outbox row is written (no echo).</summary>
    private void ApplyRemoteValue(TargetSession session, ActionItem item, FieldDecision decision, DateTimeOffset remoteChangedAt,
        string actor)
    {
        if (decision.Field == HistoryFields.Title && string.IsNullOrWhiteSpace(decision.Remote))
        {
            // An item always has a title; a tracker that allows a blank one (or an API edit that blanked it) must not stop
            // the sync of this link. The item keeps its title, which goes back out on the next local title change.
            logger.LogWarning("The title of the task linked to item {ItemId} in {Target} is blank; the item keeps its title '{Title}'",
                item.Id, session.Target.Name, item.Title);
            return;
        }
        var lastLocal = item.History.Where(h => h.Field == decision.Field).Select(h => h.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        // History stays in order even when the tracker's clock is behind ours.
        var change = new Change(actor, session.Origin, remoteChangedAt > lastLocal ? remoteChangedAt : lastLocal);
        if (SyncedFieldMap.Apply(item, decision.Field, decision.Remote, change, session.FieldContext) is { } error)
        {
            // Remote values come normalized from the connector and unknown owners are skipped, so this is a bug, not data.
            throw new InvalidOperationException($"remote {decision.Field} of item {item.Id} cannot be applied: {error}");
        }
    }

    /// <summary>De-duplication key of a pull: the remote modification time (objects already applied at it are skipped).</summary>
    public static string VersionOf(RemoteItem remote) =>
        remote.ModifiedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string FetchIdOf(TrackerLink link) => link.RemoteInternalId ?? link.RemoteId!;

    private static string NoLongerThere(string remoteId) => $"{remoteId} no longer exists or is not visible to the sync account";

    private IQueryable<TrackerLink> LinksOf(long targetId) => db.TrackerLinks.Where(l => l.SyncTargetId == targetId);

    private IQueryable<ActionItem> ItemsWithHistory() => db.ActionItems.Include(i => i.History).Include(i => i.Owner).AsSplitQuery();
}
