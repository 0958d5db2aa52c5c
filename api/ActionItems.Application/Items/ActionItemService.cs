using System.Text.RegularExpressions;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Items;

/// <summary>
/// The item use cases. Every change goes through the domain's <c>Set…</c> methods, so it is recorded in history
/// (the actor's name and origin) and, on commit, in the outbox for sync. Each use case is one unit of work: it
/// changes nothing when it returns errors.
/// </summary>
public sealed partial class ActionItemService(ActionItemsDbContext db, UnitOfWork unitOfWork, TimeProvider clock)
{
    public async Task<Result<ActionItem>> CreateAsync(CreateActionItem command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        if (!await db.Incidents.AnyAsync(i => i.Id == command.IncidentId, cancellationToken))
        {
            return Result<ActionItem>.Fail(ErrorKind.NotFound, $"There is no incident {command.IncidentId}.", "incidentId");
        }
        var fields = command.Fields;
        var owner = await OwnerAsync(fields.OwnerId, cancellationToken);
        if (owner.Error is not null)
        {
            return owner.Error;
        }
        return await SaveAsync(() =>
        {
            var change = actor.ChangeAt(clock);
            var item = ActionItem.Create(command.IncidentId, fields.Title.Or(null) ?? "", change, fields.Description.Or(null),
                fields.Status.Or(null) ?? ActionItemStatus.Open);
            item.SetPriority(fields.Priority.Or(null) ?? Priority.Unset, change);
            item.SetOwner(owner.Person, change);
            item.SetTeam(fields.Team.Or(null), change);
            item.SetDueDate(fields.DueDate.Or(null), change);
            item.SetTags(fields.Tags.Or(null) ?? [], change);
            db.ActionItems.Add(item);
            return item;
        }, expectedVersion: null, cancellationToken);
    }

    public async Task<Result<ActionItem>> UpdateAsync(UpdateActionItem command, Actor actor, CancellationToken cancellationToken)
    {
        var (item, refusal) = await ItemToChangeAsync(command.Id, actor, cancellationToken);
        if (item is null)
        {
            return refusal!;
        }
        if (item.Version != command.ExpectedVersion)
        {
            return Conflict(item, command.ExpectedVersion);
        }
        var fields = command.Fields;
        var owner = await OwnerAsync(fields.OwnerId, cancellationToken);
        if (owner.Error is not null)
        {
            return owner.Error;
        }
        return await SaveAsync(() =>
        {
            var change = actor.ChangeAt(clock);
            if (fields.Title.IsGiven)
            {
                item.SetTitle(fields.Title.Value ?? "", change);
            }
            if (fields.Description.IsGiven)
            {
                item.SetDescription(fields.Description.Value, change);
            }
            if (fields.Status.Or(null) is { } status)
            {
                item.SetStatus(status, change);
            }
            if (fields.Priority.Or(null) is { } priority)
            {
                item.SetPriority(priority, change);
            }
            if (fields.OwnerId.IsGiven)
            {
                item.SetOwner(owner.Person, change);
            }
            if (fields.Team.IsGiven)
            {
                item.SetTeam(fields.Team.Value, change);
            }
            if (fields.DueDate.IsGiven)
            {
                item.SetDueDate(fields.DueDate.Value, change);
            }
            if (fields.Tags.Or(null) is { } tags)
            {
                item.SetTags(tags, change);
            }
            return item;
        }, command.ExpectedVersion, cancellationToken);
    }

    public async Task<Result<ActionItem>> SetStatusAsync(SetActionItemStatus command, Actor actor, CancellationToken cancellationToken)
    {
        var (item, refusal) = await ItemToChangeAsync(command.Id, actor, cancellationToken);
        if (item is null)
        {
            return refusal!;
        }
        if (command.ExpectedVersion is { } expected && item.Version != expected)
        {
            return Conflict(item, expected);
        }
        return await SaveAsync(() =>
        {
            item.SetStatus(command.Status, actor.ChangeAt(clock));
            return item;
        }, command.ExpectedVersion, cancellationToken);
    }

    /// <summary>Hides the item from lists; nothing is deleted, here or in trackers.</summary>
    public async Task<Result<ActionItem>> ArchiveAsync(ArchiveActionItem command, Actor actor, CancellationToken cancellationToken)
    {
        var (item, refusal) = await ItemToChangeAsync(command.Id, actor, cancellationToken);
        if (item is null)
        {
            return refusal!;
        }
        return await SaveAsync(() =>
        {
            item.Archive(actor.ChangeAt(clock));
            return item;
        }, expectedVersion: null, cancellationToken);
    }

    /// <summary>Brings an archived item back; an item that is not archived is left as it is.</summary>
    public async Task<Result<ActionItem>> UnarchiveAsync(UnarchiveActionItem command, Actor actor, CancellationToken cancellationToken)
    {
        var (item, refusal) = await ItemToChangeAsync(command.Id, actor, cancellationToken);
        if (item is null)
        {
            return refusal!;
        }
        return await SaveAsync(() =>
        {
            item.Unarchive(actor.ChangeAt(clock));
            return item;
        }, expectedVersion: null, cancellationToken);
    }

    /// <summary>All or nothing: an unknown id or owner changes no item.</summary>
    public async Task<Result<IReadOnlyList<ActionItem>>> AssignAsync(AssignActionItems command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        var ids = command.Ids.Distinct().ToList();
        var errors = new List<UseCaseError>();
        if (ids.Count == 0)
        {
            errors.Add(new UseCaseError(ErrorKind.Validation, "Give at least one item id.", "ids"));
        }
        if (ids.Count > AssignActionItems.MaxItems)
        {
            errors.Add(new UseCaseError(ErrorKind.Validation, $"At most {AssignActionItems.MaxItems} items per call.", "ids"));
        }
        if (!command.OwnerId.IsGiven && !command.Team.IsGiven && command.Priority.Or(null) is null)
        {
            errors.Add(new UseCaseError(ErrorKind.Validation, "Give ownerId, team or priority to apply."));
        }
        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<ActionItem>>.Fail(errors);
        }
        var items = await db.ActionItems.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        errors.AddRange(ids.Except(items.Select(i => i.Id)).Select(missing =>
            new UseCaseError(ErrorKind.NotFound, $"There is no action item {missing}.", "ids")));
        var owner = await OwnerAsync(command.OwnerId, cancellationToken);
        if (owner.Error is not null)
        {
            errors.Add(owner.Error);
        }
        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<ActionItem>>.Fail(errors);
        }

        var change = actor.ChangeAt(clock);
        try
        {
            foreach (var item in items)
            {
                if (command.OwnerId.IsGiven)
                {
                    item.SetOwner(owner.Person, change);
                }
                if (command.Team.IsGiven)
                {
                    item.SetTeam(command.Team.Value, change);
                }
                if (command.Priority.Or(null) is { } priority)
                {
                    item.SetPriority(priority, change);
                }
            }
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DomainValidationException e)
        {
            unitOfWork.Abandoned();
            return Result<IReadOnlyList<ActionItem>>.Fail(ErrorKind.Validation, e.Message, e.Field);
        }
        catch (DbUpdateConcurrencyException)
        {
            unitOfWork.Abandoned();
            return Result<IReadOnlyList<ActionItem>>.Fail(ErrorKind.Conflict, "Some of the items changed meanwhile; nothing was applied. Try again.");
        }
        return Result<IReadOnlyList<ActionItem>>.Ok([.. ids.Select(id => items.Single(i => i.Id == id))]);
    }

    public async Task<Result<LinkChange>> LinkAsync(LinkTrackerTask command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        var item = await db.ActionItems.FirstOrDefaultAsync(i => i.Id == command.ActionItemId, cancellationToken);
        if (item is null)
        {
            return LinkError(null, ErrorKind.NotFound, $"There is no action item {command.ActionItemId}.", "actionItemId");
        }
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Id == command.SyncTargetId, cancellationToken);
        if (target is null)
        {
            return LinkError(item, ErrorKind.NotFound, $"There is no sync target {command.SyncTargetId}.", "syncTargetId");
        }
        var remoteId = command.RemoteId.Trim();
        if (FieldLimits.IsTooLong(remoteId, FieldLimits.TrackerRemoteId))
        {
            return LinkError(item, ErrorKind.Validation, $"remoteId may be at most {FieldLimits.TrackerRemoteId} characters.", "remoteId");
        }
        if (FieldLimits.IsTooLong(command.RemoteUrl, FieldLimits.TrackerRemoteUrl))
        {
            return LinkError(item, ErrorKind.Validation, $"remoteUrl may be at most {FieldLimits.TrackerRemoteUrl} characters.", "remoteUrl");
        }
        var valid = target.Kind == TrackerKind.Phabricator ? PhabricatorTask().IsMatch(remoteId) : GitHubIssue().IsMatch(remoteId);
        if (!valid)
        {
            return LinkError(item, ErrorKind.Validation,
                target.Kind == TrackerKind.Phabricator ? "A Phabricator task looks like T123456." : "A GitHub issue looks like owner/repo#12.",
                "remoteId");
        }
        if (await db.TrackerLinks.AnyAsync(l => l.ActionItemId == item.Id && l.SyncTargetId == target.Id, cancellationToken))
        {
            return LinkError(item, ErrorKind.Conflict,
                $"The item is already linked to a task in {target.Name}; an item mirrors one task per tracker. Unlink it first.", "syncTargetId");
        }
        if (await db.TrackerLinks.AnyAsync(l => l.SyncTargetId == target.Id && l.RemoteId == remoteId, cancellationToken))
        {
            return LinkError(item, ErrorKind.Conflict, $"{remoteId} is already linked to another item.", "remoteId");
        }
        var change = actor.ChangeAt(clock);
        var link = new TrackerLink
        {
            ActionItemId = item.Id,
            SyncTargetId = target.Id,
            RemoteId = remoteId,
            RemoteUrl = command.RemoteUrl ?? RemoteUrl(target, remoteId),
            State = TrackerLinkState.PendingFill,
            CreatedAt = change.At,
        };
        db.TrackerLinks.Add(link);
        item.RecordTrackerLinked(target.Name, remoteId, change);
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent link won the unique index between the check and the insert; nothing was saved.
            unitOfWork.Abandoned();
            var current = await db.ActionItems.AsNoTracking().FirstAsync(i => i.Id == item.Id, cancellationToken);
            return LinkError(current, ErrorKind.Conflict, $"{remoteId} or this item was linked meanwhile.", "remoteId");
        }
        return Result<LinkChange>.Ok(new LinkChange(link, item));
    }

    /// <summary>Removes a link; the remote task is left as it is.</summary>
    public async Task<Result<LinkChange>> UnlinkAsync(UnlinkTrackerTask command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        var link = await db.TrackerLinks.Include(l => l.ActionItem).Include(l => l.SyncTarget)
            .FirstOrDefaultAsync(l => l.Id == command.LinkId, cancellationToken);
        if (link is null)
        {
            return Result<LinkChange>.Fail(ErrorKind.NotFound, $"There is no tracker link {command.LinkId}.", "linkId");
        }
        var item = link.ActionItem!;
        item.RecordTrackerUnlinked(link.SyncTarget!.Name, link.RemoteId, actor.ChangeAt(clock));
        db.TrackerLinks.Remove(link);
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request unlinked it (or changed the item) in between: report what is there now.
            unitOfWork.Abandoned();
            var current = await db.ActionItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == item.Id, cancellationToken);
            return LinkError(current, ErrorKind.Conflict, "The link or its item changed meanwhile; reload and try again.", "linkId");
        }
        return Result<LinkChange>.Ok(new LinkChange(null, item));
    }

    /// <summary>The item a triager changes, or why not (no right to, no such item).</summary>
    private async Task<(ActionItem? Item, Result<ActionItem>? Refusal)> ItemToChangeAsync(long id, Actor actor,
        CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return (null, forbidden);
        }
        var item = await db.ActionItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return item is null ? (null, NoItem(id, "id")) : (item, null);
    }

    private async Task<(Person? Person, UseCaseError? Error)> OwnerAsync(Optional<long?> ownerId, CancellationToken cancellationToken)
    {
        if (ownerId.Or(null) is not { } id)
        {
            return (null, null);
        }
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return person is null ? (null, new UseCaseError(ErrorKind.NotFound, $"There is no person {id}.", "ownerId")) : (person, null);
    }

    private async Task<Result<ActionItem>> SaveAsync(Func<ActionItem> apply, int? expectedVersion, CancellationToken cancellationToken)
    {
        ActionItem item;
        try
        {
            item = apply();
        }
        catch (DomainValidationException e)
        {
            unitOfWork.Abandoned();
            return Result<ActionItem>.Fail(ErrorKind.Validation, e.Message, e.Field);
        }
        if (expectedVersion is { } expected)
        {
            // The UPDATE then only matches the row the client saw: a concurrent writer makes it match nothing.
            db.Entry(item).Property(i => i.Version).OriginalValue = expected;
        }
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            unitOfWork.Abandoned();
            var current = await db.ActionItems.AsNoTracking().FirstAsync(i => i.Id == item.Id, cancellationToken);
            return Conflict(current, expectedVersion ?? (int)item.Version);
        }
        return Result<ActionItem>.Ok(item);
    }

    private static Result<ActionItem> NoItem(long id, string field) =>
        Result<ActionItem>.Fail(ErrorKind.NotFound, $"There is no action item {id}.", field);

    private static Result<ActionItem> Conflict(ActionItem current, int expected) => Result<ActionItem>.Fail(
        new UseCaseError(ErrorKind.Conflict,
            $"The item changed since version {expected} (now version {current.Version}); reload it and apply your change again.", "version"),
        current);

    private static Result<LinkChange> LinkError(ActionItem? item, ErrorKind kind, string message, string field) =>
        Result<LinkChange>.Fail(new UseCaseError(kind, message, field), new LinkChange(null, item));

    private static string RemoteUrl(SyncTarget target, string remoteId)
    {
        var baseUrl = target.BaseUrl.TrimEnd('/');
        if (target.Kind == TrackerKind.Phabricator)
        {
            return $"{baseUrl}/{remoteId}";
        }
        var hash = remoteId.IndexOf('#', StringComparison.Ordinal);
        return $"{baseUrl}/{remoteId[..hash]}/issues/{remoteId[(hash + 1)..]}";
    }

    [GeneratedRegex(@"^T[1-9][0-9]*$")]
    private static partial Regex PhabricatorTask();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[1-9][0-9]*$")]
    private static partial Regex GitHubIssue();
}
