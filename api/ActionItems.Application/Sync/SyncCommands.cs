using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Sync;

/// <summary>Which side's value a conflict resolution keeps.</summary>
public enum ConflictKeep
{
    Local,
    Remote,
}

/// <summary>Creates the remote task of each item in the configured target <paramref name="Target"/> (all or nothing).</summary>
public sealed record PushToTracker(IReadOnlyList<long> ItemIds, string Target);

/// <summary>Queues a sync now of every live link of the items.</summary>
public sealed record RequestSync(IReadOnlyList<long> ItemIds);

/// <summary>Settles the open conflict of a link's synced field by keeping one side's value on both sides.</summary>
public sealed record ResolveConflict(long LinkId, string Field, ConflictKeep Keep);

/// <summary>The conflict as settled, its link and the item (also returned when refused, as they are now).</summary>
public sealed record ResolvedConflict(SyncConflict? Conflict, TrackerLink? Link, ActionItem? ActionItem);

/// <summary>
/// The sync use cases. They only write local state and queue work: the tracker is called by the jobs, so a slow
/// tracker never slows the caller.
/// </summary>
public sealed class SyncCommands(ActionItemsDbContext db, UnitOfWork unitOfWork, SyncTargetRegistry registry, IBackgroundJobClient jobs,
    TimeProvider clock)
{
    public const int MaxItems = 500;

    /// <summary>
    /// A PendingCreate link and its outbox row per item, in one transaction; the drain, signalled on commit, runs the
    /// crash-safe create. Items already linked in the target refuse the whole push.
    /// </summary>
    public async Task<Result<IReadOnlyList<TrackerLink>>> PushToTrackerAsync(PushToTracker command, Actor actor, CancellationToken cancellationToken)
    {
        if (Refusal(actor, command.ItemIds) is { } refusal)
        {
            return refusal;
        }
        var itemIds = command.ItemIds.Distinct().ToList();
        var targetName = command.Target.Trim();
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Name == targetName, cancellationToken);
        if (target is null || registry.Find(target.Name) is null)
        {
            return Result<IReadOnlyList<TrackerLink>>.Fail(ErrorKind.NotFound, $"There is no configured sync target '{targetName}'.", "target");
        }
        var items = await db.ActionItems.Include(i => i.Links).Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var errors = new List<UseCaseError>();
        var links = new List<TrackerLink>();
        var now = clock.GetUtcNow();
        foreach (var id in itemIds)
        {
            if (!items.TryGetValue(id, out var item))
            {
                errors.Add(new UseCaseError(ErrorKind.NotFound, $"There is no action item {id}.", "itemIds"));
                continue;
            }
            if (item.Links.FirstOrDefault(l => l.SyncTargetId == target.Id) is { } existing)
            {
                errors.Add(new UseCaseError(ErrorKind.Conflict,
                    $"Item {id} is already linked to {existing.RemoteId ?? "a task being created"} in {target.Name}.", "itemIds"));
                continue;
            }
            var link = PendingLinks.Add(item, target, now);
            db.OutboxMessages.Add(PendingLinks.OutboxFor(link, now));
            links.Add(link);
        }
        if (errors.Count > 0)
        {
            // All or nothing: a partly pushed selection is harder to reason about than a refused one.
            unitOfWork.Abandoned();
            return Result<IReadOnlyList<TrackerLink>>.Fail(errors);
        }
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            unitOfWork.Abandoned();
            return Result<IReadOnlyList<TrackerLink>>.Fail(ErrorKind.Conflict,
                "One of the items was linked to this target meanwhile; nothing was pushed.", "itemIds");
        }
        return Result<IReadOnlyList<TrackerLink>>.Ok(links);
    }

    /// <summary>Queues a sync of every live link of the items (Error links are retried; Broken ones need relinking).</summary>
    public async Task<Result<IReadOnlyList<TrackerLink>>> RequestSyncAsync(RequestSync command, Actor actor, CancellationToken cancellationToken)
    {
        if (Refusal(actor, command.ItemIds) is { } refusal)
        {
            return refusal;
        }
        var itemIds = command.ItemIds.Distinct().ToList();
        var known = await db.ActionItems.Where(i => itemIds.Contains(i.Id)).Select(i => i.Id).ToListAsync(cancellationToken);
        var missing = itemIds.Except(known).ToList();
        if (missing.Count > 0)
        {
            return Result<IReadOnlyList<TrackerLink>>.Fail([.. missing.Select(id =>
                new UseCaseError(ErrorKind.NotFound, $"There is no action item {id}.", "itemIds"))]);
        }
        var links = await db.TrackerLinks.AsNoTracking().Include(l => l.SyncTarget)
            .Where(l => itemIds.Contains(l.ActionItemId) && l.State != TrackerLinkState.Broken)
            .OrderBy(l => l.Id).ToListAsync(cancellationToken);
        // A link whose target is not configured (an import linked a task URL on a host no target names, or the target
        // was removed from configuration) has nothing that could sync it: queuing it would report a sync that never runs.
        // A halted target (an error every call would repeat) runs no work until it is configured again at start.
        var unsyncable = links.Where(l => registry.Find(l.SyncTarget!.Name) is null || l.SyncTarget.HaltedAt is not null).ToList();
        if (unsyncable.Count > 0)
        {
            return Result<IReadOnlyList<TrackerLink>>.Fail([.. unsyncable.Select(l => new UseCaseError(ErrorKind.Validation,
                $"Item {l.ActionItemId} is linked to {l.RemoteId ?? "a task"} in '{l.SyncTarget!.Name}', which " +
                (registry.Find(l.SyncTarget.Name) is null
                    ? "is not a configured sync target (Sync:Targets); configure it or unlink the task."
                    : $"is halted after an error every call would repeat ({l.SyncTarget.LastError}); fix its configuration and restart.") +
                " Nothing was queued.", "itemIds"))]);
        }
        // A push only syncs links with pending outbox rows (so a retried push skips what it already did): each link gets one
        // (LinkPushRows: a parked row of an Error link is settled by that push with it), claimed here as the drain claims
        // them, and the push is queued at once.
        await QueueLinkPushesAsync(links, clock.GetUtcNow(), cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
        PushLinksJob.EnqueueFor(jobs, links.Select(l => (l.SyncTargetId, l.Id)));
        return Result<IReadOnlyList<TrackerLink>>.Ok(links);
    }

    /// <summary>
    /// Keeping the value the policy did not apply writes it locally (the actor's origin, an outbox row), so the next
    /// push carries it to the tracker; keeping the applied one only closes the record. A held conflict (two trackers
    /// disagree, docs/sync.md) wrote neither side: keeping the local value leaves the item as it is, so the link's push is
    /// queued here to send it; keeping the remote one changes the item, whose outbox row pushes it to the other trackers.
    /// </summary>
    public async Task<Result<ResolvedConflict>> ResolveConflictAsync(ResolveConflict command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        var field = command.Field.Trim();
        if (!SyncedFields.Names.Contains(field))
        {
            return Result<ResolvedConflict>.Fail(ErrorKind.Validation,
                $"'{field}' is not a synced field ({string.Join(", ", SyncedFields.Names)}).", "field");
        }
        var link = await db.TrackerLinks.Include(l => l.SyncTarget).FirstOrDefaultAsync(l => l.Id == command.LinkId, cancellationToken);
        if (link is null)
        {
            return Result<ResolvedConflict>.Fail(ErrorKind.NotFound, $"There is no tracker link {command.LinkId}.", "linkId");
        }
        var conflict = await db.SyncConflicts.Where(c => c.TrackerLinkId == link.Id && c.Field == field && c.ResolvedAt == null)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var item = await db.ActionItems.Include(i => i.Owner).FirstAsync(i => i.Id == link.ActionItemId, cancellationToken);
        if (conflict is null)
        {
            return Result<ResolvedConflict>.Fail(new UseCaseError(ErrorKind.NotFound, $"Link {command.LinkId} has no open conflict on {field}.", "field"),
                new ResolvedConflict(null, link, item));
        }
        var value = command.Keep == ConflictKeep.Local ? conflict.LocalValue : conflict.RemoteValue;
        var change = actor.ChangeAt(clock);
        var error = await ApplyAsync(item, link.SyncTarget!, field, value, change, cancellationToken);
        if (error is not null)
        {
            unitOfWork.Abandoned();
            return Result<ResolvedConflict>.Fail(error, new ResolvedConflict(conflict, link, item));
        }
        conflict.ResolvedAt = change.At;
        conflict.Resolution = command.Keep == ConflictKeep.Local ? ConflictResolution.KeptLocal : ConflictResolution.KeptRemote;
        conflict.ResolvedBy = actor.Name;
        // The item keeps its value (no outbox row) but the tracker was never sent it (its base holds another): push the link.
        var pushLink = command.Keep == ConflictKeep.Local && conflict.Winner == ConflictSide.Local &&
                       SyncedFields.FromSnapshot(link.BaseSnapshot) is { } linkBase &&
                       linkBase[field] != conflict.LocalValue;
        if (pushLink)
        {
            await QueueLinkPushesAsync([link], change.At, cancellationToken);
        }
        if (link.State == TrackerLinkState.Conflict &&
            !await db.SyncConflicts.AnyAsync(c => c.TrackerLinkId == link.Id && c.ResolvedAt == null && c.Id != conflict.Id, cancellationToken))
        {
            // The merge that set Conflict wrote the fields that cannot agree (if any) into lastError.
            link.State = SyncEngine.StateAfterMerge(hasOpenConflicts: false, hasFieldsThatCannotAgree: link.LastError is not null);
        }
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            unitOfWork.Abandoned();
            return Result<ResolvedConflict>.Fail(new UseCaseError(ErrorKind.Conflict, "The item changed meanwhile; look at it again and retry.", "linkId"),
                new ResolvedConflict(null, link, null));
        }
        if (pushLink)
        {
            PushLinksJob.EnqueueFor(jobs, [(link.SyncTargetId, link.Id)]);
        }
        return Result<ResolvedConflict>.Ok(new ResolvedConflict(conflict, link, item));
    }

    /// <summary>
    /// A pending push row per link (<see cref="LinkPushRows"/>), claimed as the drain claims them, because the caller enqueues
    /// the push itself after the commit.
    /// </summary>
    private async Task QueueLinkPushesAsync(IReadOnlyCollection<TrackerLink> links, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var row in await LinkPushRows.QueueAsync(db, links, now, cancellationToken))
        {
            row.NextAttemptAt = now + OutboxDrain.Redelivery;
        }
    }

    /// <summary>
    /// Writes a kept value through the synced-field map, the same rule the engine applies to pulled values. Owners
    /// are resolved from people already known here: conflict resolution never calls the tracker.
    /// </summary>
    private async Task<UseCaseError?> ApplyAsync(ActionItem item, SyncTarget target, string field, string? value, Change change,
        CancellationToken cancellationToken)
    {
        var people = field == HistoryFields.Owner && value is not null
            ? await PeopleMapper.FindKnownAsync(db, target.Kind, [value], cancellationToken)
            : [];
        var context = new SyncedFieldContext(target.DefaultTags, account => people.GetValueOrDefault(account));
        return SyncedFieldMap.Apply(item, field, value, change, context) is { } message
            ? new UseCaseError(field == HistoryFields.Owner ? ErrorKind.NotFound : ErrorKind.Validation, message, "keep")
            : null;
    }

    /// <summary>Why a request about many items is refused before anything is read: the caller's role, or too many items.</summary>
    private static UseCaseError? Refusal(Actor actor, IReadOnlyList<long> itemIds) =>
        Access.Require(actor, ActorRole.Triager)
        ?? (itemIds.Distinct().Count() > MaxItems
            ? new UseCaseError(ErrorKind.Validation, $"At most {MaxItems} items at a time.", "itemIds")
            : null);
}
