using System.Globalization;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Engine;

/// <summary>
/// The tracker-neutral sync core (sync-design.md): fills, merges, pushes and creates, one target at a
/// time, through an <see cref="ISyncConnector"/>. Tracker failures propagate as <see cref="TrackerException"/>s
/// except those that concern one link (permanent, gone), which are recorded on that link so the rest keep flowing.
/// </summary>
public sealed partial class SyncEngine(
    ActionItemsDbContext db,
    SyncTargetRegistry registry,
    IEnumerable<ISyncConnectorFactory> factories,
    TimeProvider clock,
    ILogger<SyncEngine> logger)
{
    /// <summary>Remote look-ups and fills go in batches of this many ids (Conduit and GitHub both page at 100).</summary>
    public const int BatchSize = 100;

    /// <summary>How far before pendingSince a create may have landed (clock skew between us and the tracker).</summary>
    public static readonly TimeSpan CreateLookBack = TimeSpan.FromMinutes(5);

    /// <summary>A sync run against one configured target.</summary>
    public sealed record TargetSession(SyncTarget Target, SyncTargetOptions Options, ISyncConnector Connector, PeopleMapper People)
    {
        public ChangeOrigin Origin => Target.Kind == TrackerKind.Phabricator ? ChangeOrigin.Phabricator : ChangeOrigin.GitHub;
        public string DefaultActor => Target.Name;
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
    /// of objects changed since the cursor, storing the cursor after each applied page.
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
            await ResyncLinkedAsync(session, cancellationToken);
            target.PollCursor = cursor = start.NextCursor;
            await db.SaveChangesAsync(cancellationToken);
        }
        while (true)
        {
            var page = await session.Connector.FetchChangedAsync(cursor, cancellationToken);
            if (page.Items.Count > 0)
            {
                await ApplyRemoteItemsAsync(session, page.Items, force: false, cancellationToken);
            }
            cursor = page.NextCursor;
            target.PollCursor = cursor;
            await db.SaveChangesAsync(cancellationToken);
            if (!page.HasMore)
            {
                break;
            }
        }
        target.LastSuccessfulPollAt = clock.GetUtcNow();
        target.LastError = null;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ResyncLinkedAsync(TargetSession session, CancellationToken cancellationToken)
    {
        var linked = await LinksOf(session.Target.Id)
            .Where(l => l.BaseSnapshot != null && l.RemoteId != null &&
                        (l.State == TrackerLinkState.Linked || l.State == TrackerLinkState.Conflict))
            .OrderBy(l => l.Id)
            .Select(l => l.RemoteInternalId ?? l.RemoteId!)
            .ToListAsync(cancellationToken);
        foreach (var batch in linked.Chunk(BatchSize))
        {
            await ApplyRemoteItemsAsync(session, await session.Connector.FetchAsync(batch, cancellationToken), force: false, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>A webhook or requestSync hint: re-reads one remote object and applies it if we link it.</summary>
    public async Task PullAsync(TargetSession session, string remoteId, CancellationToken cancellationToken)
    {
        var items = await session.Connector.FetchAsync([remoteId], cancellationToken);
        if (items.Count == 0)
        {
            var link = await LinksOf(session.Target.Id)
                .FirstOrDefaultAsync(l => l.RemoteId == remoteId || l.RemoteInternalId == remoteId, cancellationToken);
            if (link is not null)
            {
                MarkBroken(link, $"{remoteId} no longer exists or is not visible to the sync account");
                await db.SaveChangesAsync(cancellationToken);
            }
            return;
        }
        await ApplyRemoteItemsAsync(session, items, force: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Brings one link up to date in both directions: creates the remote object of a pending link, or
    /// fetches the remote object and merges. Called for local changes (outbox) and requestSync.
    /// </summary>
    public async Task SyncLinkAsync(TargetSession session, TrackerLink link, CancellationToken cancellationToken)
    {
        if (link.State == TrackerLinkState.PendingCreate)
        {
            await CreateRemoteAsync(session, link, cancellationToken);
            return;
        }
        if (link.State == TrackerLinkState.Broken || link.RemoteId is null)
        {
            return;
        }
        var items = await session.Connector.FetchAsync([link.RemoteInternalId ?? link.RemoteId], cancellationToken);
        if (items.Count == 0)
        {
            MarkBroken(link, $"{link.RemoteId} no longer exists or is not visible to the sync account");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await ApplyRemoteItemsAsync(session, items, force: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Fills links never filled (from postmortem references): their tasks are fetched 100 per call, their
    /// history backfilled, and the remote wins every field. Tasks that are not there mark their link Broken.
    /// </summary>
    public async Task FillAsync(TargetSession session, CancellationToken cancellationToken)
    {
        var unfilled = await LinksOf(session.Target.Id)
            .Where(l => l.BaseSnapshot == null && l.RemoteId != null && l.State == TrackerLinkState.Linked)
            .OrderBy(l => l.Id)
            .ToListAsync(cancellationToken);
        foreach (var batch in unfilled.Chunk(BatchSize))
        {
            var remote = await session.Connector.FetchAsync([.. batch.Select(l => l.RemoteInternalId ?? l.RemoteId!)], cancellationToken);
            var found = await ApplyRemoteItemsAsync(session, remote, force: false, cancellationToken);
            foreach (var link in batch.Where(l => !found.Contains(l.Id)))
            {
                MarkBroken(link, $"{link.RemoteId} does not exist or is not visible to the sync account");
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Applies remote objects to the links that point at them (backfilling history on a first fill); returns
    /// the ids of the links touched. A permanent or gone failure of one link is recorded on it; the rest go on.
    /// </summary>
    private async Task<HashSet<long>> ApplyRemoteItemsAsync(TargetSession session, IReadOnlyList<RemoteItem> remote, bool force,
        CancellationToken cancellationToken)
    {
        var remoteIds = remote.Select(r => r.RemoteId).ToList();
        var internalIds = remote.Select(r => r.InternalId).ToList();
        // Only objects we link are applied; everything else the tracker reports is none of our business.
        var links = await LinksOf(session.Target.Id)
            .Where(l => (l.RemoteId != null && remoteIds.Contains(l.RemoteId)) ||
                        (l.RemoteInternalId != null && internalIds.Contains(l.RemoteInternalId)))
            .ToListAsync(cancellationToken);
        var touched = new HashSet<long>();
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

        // History backfill for first fills, fetched before accounts are resolved so one look-up covers all.
        var histories = new Dictionary<long, IReadOnlyList<RemoteHistoryEntry>>();
        foreach (var (link, remoteItem) in pairs.Where(p => p.Link.BaseSnapshot is null))
        {
            histories[link.Id] = await session.Connector.FetchHistoryAsync(
                new RemoteItemRef(remoteItem.RemoteId, remoteItem.InternalId, link.SyncKey), cancellationToken);
        }
        await session.People.PrepareAsync(AccountsIn(pairs.Select(p => p.Remote))
            .Concat(histories.Values.SelectMany(h => h).SelectMany(e => (string?[])[e.AuthorAccountId,
                e.Field == HistoryFields.Owner ? e.OldValue : null, e.Field == HistoryFields.Owner ? e.NewValue : null])), cancellationToken);

        foreach (var (link, remoteItem) in pairs)
        {
            var actors = new Dictionary<string, string>();
            if (histories.TryGetValue(link.Id, out var history))
            {
                Backfill(session, items[link.ActionItemId], history);
                // The first fill applies the current values: credit whoever made the last change of each field.
                foreach (var last in history.GroupBy(h => h.Field).Select(g => g.MaxBy(h => h.At)!))
                {
                    actors[last.Field] = session.People.ActorFor(last.AuthorAccountId, session.DefaultActor);
                }
            }
            try
            {
                await MergeLinkAsync(session, link, items[link.ActionItemId], remoteItem, force, actors, cancellationToken);
            }
            catch (TrackerPermanentException e) when (!e.AffectsWholeTarget)
            {
                MarkError(link, e.Message);
            }
            catch (TrackerObjectGoneException e)
            {
                MarkBroken(link, e.Message);
            }
        }
        return touched;
    }

    /// <summary>
    /// The three-way merge of one link against its remote object. Skips objects already applied at this
    /// remote version (unless <paramref name="force"/>, for a local change that has to go out).
    /// </summary>
    private async Task MergeLinkAsync(TargetSession session, TrackerLink link, ActionItem item, RemoteItem remote, bool force,
        IReadOnlyDictionary<string, string> actors, CancellationToken cancellationToken)
    {
        var version = VersionOf(remote);
        if (!force && link.BaseSnapshot is not null && link.RemoteVersion == version)
        {
            return;
        }
        var errors = new List<string>();
        var skipped = new HashSet<string>();
        var remoteFields = RemoteSide(session, remote);
        if (remote.Fields.Status is null)
        {
            skipped.Add(HistoryFields.Status);
            errors.Add($"remote status '{remote.Fields.RemoteStatus}' has no local mapping (add it to StatusMap)");
        }
        if (remote.Fields.OwnerAccountId is { } remoteOwner && session.People.PersonFor(remoteOwner) is null)
        {
            skipped.Add(HistoryFields.Owner);
            errors.Add($"remote owner {remoteOwner} is unknown to the tracker's user directory");
        }
        var (localFields, localOwnerError) = await LocalSideAsync(session, item, cancellationToken);
        if (localOwnerError is not null)
        {
            skipped.Add(HistoryFields.Owner);
            errors.Add(localOwnerError);
        }

        var plan = MergePlanner.Plan(new MergeInput
        {
            Base = SyncedFields.FromSnapshot(link.BaseSnapshot),
            Local = localFields,
            Remote = remoteFields,
            LocalChangedAt = LastChangeTimes(item),
            RemoteChangedAt = remote.ModifiedAt,
            Policy = session.Options.ConflictPolicy,
            SkippedFields = skipped,
        });
        var oldBase = SyncedFields.FromSnapshot(link.BaseSnapshot);
        var newBase = plan.NewBase(oldBase, remoteFields);
        // A skipped field keeps its old base (or, on a first fill, the remote value it could not apply).
        foreach (var field in skipped)
        {
            newBase = newBase.With(field, oldBase is null ? remoteFields[field] : oldBase[field]);
        }

        foreach (var decision in plan.ToApply)
        {
            ApplyRemoteField(session, item, decision, remote, actors.GetValueOrDefault(decision.Field, session.DefaultActor));
        }
        var hasOpenConflicts = await RecordConflictsAsync(link, plan, cancellationToken);

        var sent = plan.ToSend.ToList();
        if (sent.Count > 0)
        {
            var changes = ChangesFor(sent, remoteFields);
            var updated = await session.Connector.UpdateAsync(new RemoteItemRef(remote.RemoteId, remote.InternalId, link.SyncKey), changes,
                cancellationToken);
            // The remote's answer is the new base for what we sent: the next pull compares against it (no echo).
            var returned = RemoteSide(session, updated);
            foreach (var decision in sent)
            {
                newBase = newBase.With(decision.Field, returned[decision.Field]);
            }
            version = VersionOf(updated);
        }

        link.RemoteId = remote.RemoteId;
        link.RemoteInternalId = remote.InternalId;
        link.RemoteUrl = remote.Url;
        link.BaseSnapshot = newBase.ToSnapshot();
        link.RemoteVersion = version;
        link.LastSyncedAt = clock.GetUtcNow();
        link.LastError = errors.Count == 0 ? null : string.Join("; ", errors);
        link.State = hasOpenConflicts ? TrackerLinkState.Conflict : TrackerLinkState.Linked;
    }

    /// <summary>Supersedes open conflicts of fields that changed again, records new ones; returns whether any stay open.</summary>
    private async Task<bool> RecordConflictsAsync(TrackerLink link, MergePlan plan, CancellationToken cancellationToken)
    {
        var changedFields = plan.Decisions.Where(d => d.ChangedSinceBase).Select(d => d.Field).ToHashSet();
        var now = clock.GetUtcNow();
        var open = await db.SyncConflicts.Where(c => c.TrackerLinkId == link.Id && c.ResolvedAt == null).ToListAsync(cancellationToken);
        // The next change on either side of a field supersedes its open conflict.
        foreach (var conflict in open.Where(c => changedFields.Contains(c.Field)))
        {
            conflict.ResolvedAt = now;
            conflict.Resolution = ConflictResolution.Superseded;
            conflict.ResolvedBy = "sync";
        }
        foreach (var decision in plan.Conflicts)
        {
            db.SyncConflicts.Add(new SyncConflict
            {
                TrackerLinkId = link.Id,
                Field = decision.Field,
                LocalValue = decision.Local,
                RemoteValue = decision.Remote,
                LocalChangedAt = decision.LocalChangedAt ?? DateTimeOffset.UnixEpoch,
                RemoteChangedAt = decision.RemoteChangedAt,
                Winner = decision.Action == FieldAction.ConflictLocalWins ? ConflictSide.Local : ConflictSide.Remote,
                CreatedAt = now,
            });
        }
        return plan.Conflicts.Any() || open.Any(c => c.ResolvedAt is null);
    }

    /// <summary>Writes a remote value into the item through its Set… method: tracker origin, so no outbox row (no echo).</summary>
    private static void ApplyRemoteField(TargetSession session, ActionItem item, FieldDecision decision, RemoteItem remote, string actor)
    {
        var lastLocal = item.History.Where(h => h.Field == decision.Field).Select(h => h.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        // History stays in order even when the tracker's clock is behind ours.
        var at = remote.ModifiedAt > lastLocal ? remote.ModifiedAt : lastLocal;
        var change = new Change(actor, session.Origin, at);
        var value = decision.Remote;
        switch (decision.Field)
        {
            case HistoryFields.Title:
                item.SetTitle(value ?? remote.Fields.Title, change);
                break;
            case HistoryFields.Status:
                item.SetStatus(Enum.Parse<ActionItemStatus>(value!), change);
                break;
            case HistoryFields.Priority:
                item.SetPriority(Enum.Parse<Priority>(value!), change);
                break;
            case HistoryFields.Description:
                item.SetDescription(value, change);
                break;
            case HistoryFields.Owner:
                item.SetOwner(value is null ? null : session.People.PersonFor(value), change);
                break;
            case HistoryFields.Tags:
                // Only the target's tags are mirrored; the item's other tags are left alone.
                var targetTags = session.Options.ProjectTags;
                item.SetTags(item.Tags.Where(t => !targetTags.Contains(t)).Concat(SyncedFields.SplitTags(value)), change);
                break;
            default:
                throw new InvalidOperationException($"not a synced field: {decision.Field}");
        }
    }

    /// <summary>
    /// Remote history as item history (origin tracker, remote times), so <c>openAt</c> answers for the time
    /// before the link existed. Owner values become person ids like local owner history.
    /// </summary>
    private static void Backfill(TargetSession session, ActionItem item, IReadOnlyList<RemoteHistoryEntry> history)
    {
        foreach (var entry in history)
        {
            var (oldValue, newValue) = entry.Field == HistoryFields.Owner
                ? (PersonId(session, entry.OldValue), PersonId(session, entry.NewValue))
                : (entry.OldValue, entry.NewValue);
            var duplicate = item.History.Any(h => h.Field == entry.Field && h.At == entry.At && h.Origin == session.Origin &&
                                                  h.NewValue == newValue);
            if (duplicate)
            {
                continue;
            }
            item.History.Add(new ActionItemHistory
            {
                ActionItemId = item.Id,
                Field = entry.Field,
                OldValue = oldValue,
                NewValue = newValue,
                At = entry.At,
                Actor = session.People.ActorFor(entry.AuthorAccountId, session.DefaultActor),
                Origin = session.Origin,
            });
        }
    }

    private static string? PersonId(TargetSession session, string? accountId) =>
        accountId is null ? null
        : session.People.PersonFor(accountId)?.Id.ToString(CultureInfo.InvariantCulture) ?? accountId;

    /// <summary>
    /// Creates (or adopts) the remote object of a PendingCreate link, crash-safe: look for the sync key
    /// first, create only when it is not there, then store the result with base := what the remote returned.
    /// </summary>
    private async Task CreateRemoteAsync(TargetSession session, TrackerLink link, CancellationToken cancellationToken)
    {
        var syncKey = link.SyncKey ?? throw new InvalidOperationException($"link {link.Id} is PendingCreate without a sync key");
        var item = await ItemsWithHistory().FirstAsync(i => i.Id == link.ActionItemId, cancellationToken);
        // Only a create that may have been sent can exist remotely: without a recorded attempt the look-up (which pages
        // through everything the bot created in the window, quadratic over a burst) is skipped.
        var remote = link.CreateAttemptedAt is { } attemptedAt
            ? await session.Connector.FindBySyncKeyAsync(syncKey, attemptedAt - CreateLookBack, cancellationToken)
            : null;
        if (remote is null)
        {
            var (local, ownerError) = await LocalSideAsync(session, item, cancellationToken);
            var fields = new RemoteFields
            {
                Title = local.Title ?? item.Title,
                Status = item.Status,
                OwnerAccountId = ownerError is null ? local.Owner : null,
                Priority = item.Priority,
                Description = item.Description,
                // Created objects carry every configured tag, so they show up where the team looks.
                Tags = [.. SyncedFields.SplitTags(local.Tags).Concat(session.Options.ProjectTags).Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal)],
            };
            // Committed before sending: if the answer is lost, the retry knows to look, and from when (the earliest attempt).
            link.CreateAttemptedAt ??= clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            remote = await session.Connector.CreateAsync(new RemoteDraft(syncKey, fields), cancellationToken);
            link.LastError = ownerError;
        }
        await session.People.PrepareAsync(AccountsIn([remote]), cancellationToken);
        var returned = RemoteSide(session, remote);
        // Tags the tracker added (the configured project tags) are now the item's too, so they are not removed again.
        var missingTags = SyncedFields.SplitTags(returned.Tags).Except(item.Tags, StringComparer.Ordinal).ToList();
        if (missingTags.Count > 0)
        {
            item.SetTags(item.Tags.Concat(missingTags), new Change(session.DefaultActor, session.Origin, remote.ModifiedAt > item.UpdatedAt ? remote.ModifiedAt : item.UpdatedAt));
        }
        link.RemoteId = remote.RemoteId;
        link.RemoteInternalId = remote.InternalId;
        link.RemoteUrl = remote.Url;
        link.BaseSnapshot = returned.ToSnapshot();
        link.RemoteVersion = VersionOf(remote);
        link.State = TrackerLinkState.Linked;
        link.LastSyncedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, link.Id, remote.RemoteId, session.Target.Name);
    }

    private async Task<(SyncedFields Fields, string? OwnerError)> LocalSideAsync(TargetSession session, ActionItem item,
        CancellationToken cancellationToken)
    {
        string? ownerAccount = null;
        string? ownerError = null;
        if (item.OwnerId is { } ownerId)
        {
            var owner = item.Owner ?? await db.People.FirstAsync(p => p.Id == ownerId, cancellationToken);
            ownerAccount = await session.People.AccountForAsync(owner, cancellationToken);
            if (ownerAccount is null)
            {
                ownerError = $"owner '{owner.DisplayName}' has no {session.Target.Kind} account (set the person's username); the remote owner was left alone";
            }
        }
        return (SyncedFields.Normalize(item.Title, item.Status, ownerAccount, item.Priority, item.Description, item.Tags,
            session.Options.ProjectTags), ownerError);
    }

    private static SyncedFields RemoteSide(TargetSession session, RemoteItem remote) =>
        SyncedFields.Normalize(remote.Fields.Title, remote.Fields.Status, remote.Fields.OwnerAccountId, remote.Fields.Priority,
            remote.Fields.Description, remote.Fields.Tags, session.Options.ProjectTags);

    private static RemoteFieldChanges ChangesFor(IReadOnlyList<FieldDecision> sent, SyncedFields remote)
    {
        var changes = new RemoteFieldChanges();
        foreach (var decision in sent)
        {
            changes = decision.Field switch
            {
                HistoryFields.Title => changes with { Title = decision.Local },
                HistoryFields.Status => changes with { Status = Enum.Parse<ActionItemStatus>(decision.Local!) },
                HistoryFields.Owner => decision.Local is null ? changes with { ClearOwner = true } : changes with { OwnerAccountId = decision.Local },
                HistoryFields.Priority => changes with { Priority = Enum.Parse<Priority>(decision.Local!) },
                HistoryFields.Description => changes with { Description = decision.Local ?? "" },
                HistoryFields.Tags => changes with
                {
                    TagsToAdd = [.. SyncedFields.SplitTags(decision.Local).Except(SyncedFields.SplitTags(remote.Tags))],
                    TagsToRemove = [.. SyncedFields.SplitTags(remote.Tags).Except(SyncedFields.SplitTags(decision.Local))],
                },
                _ => changes,
            };
        }
        return changes;
    }

    private static Dictionary<string, DateTimeOffset> LastChangeTimes(ActionItem item) =>
        item.History.GroupBy(h => h.Field).ToDictionary(g => g.Key, g => g.Max(h => h.At));

    private static IEnumerable<string?> AccountsIn(IEnumerable<RemoteItem> items) =>
        items.Select(i => i.Fields.OwnerAccountId);

    /// <summary>De-duplication key of a pull: the remote modification time (objects already applied at it are skipped).</summary>
    public static string VersionOf(RemoteItem remote) =>
        remote.ModifiedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private IQueryable<TrackerLink> LinksOf(long targetId) => db.TrackerLinks.Where(l => l.SyncTargetId == targetId);

    private IQueryable<ActionItem> ItemsWithHistory() => db.ActionItems.Include(i => i.History).Include(i => i.Owner).AsSplitQuery();

    private static void MarkBroken(TrackerLink link, string message)
    {
        link.State = TrackerLinkState.Broken;
        link.LastError = message;
    }

    private static void MarkError(TrackerLink link, string message)
    {
        link.State = TrackerLinkState.Error;
        link.LastError = message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Link {LinkId} now mirrors {RemoteId} in {Target}")]
    private static partial void LogCreated(ILogger logger, long linkId, string remoteId, string target);
}
