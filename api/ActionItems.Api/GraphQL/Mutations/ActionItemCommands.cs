using System.Text.RegularExpressions;
using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Mutations;

/// <summary>
/// The item mutations. Every change goes through the domain's <c>Set…</c> methods, so it is recorded in
/// history (origin local, the caller as actor) and, on save, in the outbox for sync.
/// </summary>
public sealed partial class ActionItemCommands(ActionItemsDbContext db, TimeProvider clock, DataLoaders loaders)
{
    public async Task<ActionItemPayload> CreateAsync(MutationInput input, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var incidentId = input.Id("incidentId", errors);
        var ownerId = input.Id("ownerId", errors);
        if (errors.Count > 0)
        {
            return new ActionItemPayload(null, errors);
        }
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.NotFound, $"There is no incident {incidentId}.", "incidentId"));
        }
        var owner = ownerId is { } id ? await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
        if (ownerId is not null && owner is null)
        {
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.NotFound, $"There is no person {ownerId}.", "ownerId"));
        }

        return await SaveAsync(() =>
        {
            var change = Change.Local(actor, clock);
            var item = ActionItem.Create(incidentId!.Value, input.Text("title") ?? "", change, input.Text("description"),
                input.Get<ActionItemStatus?>("status") ?? ActionItemStatus.Open);
            item.SetPriority(input.Get<Priority?>("priority") ?? Priority.Unset, change);
            item.SetOwner(owner, change);
            item.SetTeam(input.Text("team"), change);
            item.SetDueDate(input.Get<DateOnly?>("dueDate"), change);
            item.SetTags(input.Strings("tags") ?? [], change);
            db.ActionItems.Add(item);
            return item;
        }, cancellationToken);
    }

    public async Task<ActionItemPayload> UpdateAsync(MutationInput input, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var id = input.Id("id", errors);
        var ownerId = input.Id("ownerId", errors);
        if (errors.Count > 0)
        {
            return new ActionItemPayload(null, errors);
        }
        var item = await db.ActionItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.NotFound, $"There is no action item {id}.", "id"));
        }
        var expected = input.Get<int>("version");
        if (item.Version != expected)
        {
            return Conflict(item, expected);
        }
        Person? owner = null;
        if (ownerId is { } wanted && (owner = await db.People.FirstOrDefaultAsync(p => p.Id == wanted, cancellationToken)) is null)
        {
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.NotFound, $"There is no person {wanted}.", "ownerId"));
        }

        return await SaveAsync(() =>
        {
            var change = Change.Local(actor, clock);
            if (input.Has("title"))
            {
                item.SetTitle(input.Text("title") ?? "", change);
            }
            if (input.Has("description"))
            {
                item.SetDescription(input.Text("description"), change);
            }
            if (input.Get<ActionItemStatus?>("status") is { } status)
            {
                item.SetStatus(status, change);
            }
            if (input.Get<Priority?>("priority") is { } priority)
            {
                item.SetPriority(priority, change);
            }
            if (input.Has("ownerId"))
            {
                item.SetOwner(owner, change);
            }
            if (input.Has("team"))
            {
                item.SetTeam(input.Text("team"), change);
            }
            if (input.Has("dueDate"))
            {
                item.SetDueDate(input.Get<DateOnly?>("dueDate"), change);
            }
            if (input.Strings("tags") is { } tags)
            {
                item.SetTags(tags, change);
            }
            return item;
        }, cancellationToken, expected);
    }

    public async Task<ActionItemPayload> SetStatusAsync(long id, ActionItemStatus status, int? expectedVersion, string actor,
        CancellationToken cancellationToken)
    {
        var item = await db.ActionItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.NotFound, $"There is no action item {id}.", "id"));
        }
        if (expectedVersion is { } expected && item.Version != expected)
        {
            return Conflict(item, expected);
        }
        return await SaveAsync(() =>
        {
            item.SetStatus(status, Change.Local(actor, clock));
            return item;
        }, cancellationToken, expectedVersion);
    }

    public async Task<ActionItemPayload> ArchiveAsync(long id, string actor, CancellationToken cancellationToken)
    {
        var item = await db.ActionItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.NotFound, $"There is no action item {id}.", "id"));
        }
        return await SaveAsync(() =>
        {
            item.Archive(Change.Local(actor, clock));
            return item;
        }, cancellationToken);
    }

    /// <summary>All or nothing: an unknown id or owner changes no item.</summary>
    public async Task<ActionItemsPayload> AssignAsync(MutationInput input, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var ids = input.Ids("ids", errors).Distinct().ToList();
        var ownerId = input.Id("ownerId", errors);
        if (ids.Count == 0 && errors.Count == 0)
        {
            errors.Add(new MutationError(MutationErrorCode.Validation, "Give at least one item id.", "ids"));
        }
        if (ids.Count > 500)
        {
            errors.Add(new MutationError(MutationErrorCode.Validation, "At most 500 items per call.", "ids"));
        }
        if (!input.Has("ownerId") && !input.Has("team") && input.Get<Priority?>("priority") is null)
        {
            errors.Add(new MutationError(MutationErrorCode.Validation, "Give ownerId, team or priority to apply."));
        }
        if (errors.Count > 0)
        {
            return new ActionItemsPayload([], errors);
        }
        var items = await db.ActionItems.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        foreach (var missing in ids.Except(items.Select(i => i.Id)))
        {
            errors.Add(new MutationError(MutationErrorCode.NotFound, $"There is no action item {missing}.", "ids"));
        }
        Person? owner = null;
        if (ownerId is { } wanted && (owner = await db.People.FirstOrDefaultAsync(p => p.Id == wanted, cancellationToken)) is null)
        {
            errors.Add(new MutationError(MutationErrorCode.NotFound, $"There is no person {wanted}.", "ownerId"));
        }
        if (errors.Count > 0)
        {
            return new ActionItemsPayload([], errors);
        }

        var change = Change.Local(actor, clock);
        try
        {
            foreach (var item in items)
            {
                if (input.Has("ownerId"))
                {
                    item.SetOwner(owner, change);
                }
                if (input.Has("team"))
                {
                    item.SetTeam(input.Text("team"), change);
                }
                if (input.Get<Priority?>("priority") is { } priority)
                {
                    item.SetPriority(priority, change);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainValidationException e)
        {
            return new ActionItemsPayload([], [new MutationError(MutationErrorCode.Validation, e.Message, e.Field)]);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ActionItemsPayload([], [new MutationError(MutationErrorCode.Conflict,
                "Some of the items changed meanwhile; nothing was applied. Try again.")]);
        }
        loaders.Clear();
        return new ActionItemsPayload([.. ids.Select(id => items.Single(i => i.Id == id))], []);
    }

    public async Task<TrackerLinkPayload> LinkAsync(MutationInput input, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var itemId = input.Id("actionItemId", errors);
        var targetId = input.Id("syncTargetId", errors);
        if (errors.Count > 0)
        {
            return new TrackerLinkPayload(null, null, errors);
        }
        var item = await db.ActionItems.FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Id == targetId, cancellationToken);
        if (item is null || target is null)
        {
            return new TrackerLinkPayload(null, item, [item is null
                ? new MutationError(MutationErrorCode.NotFound, $"There is no action item {itemId}.", "actionItemId")
                : new MutationError(MutationErrorCode.NotFound, $"There is no sync target {targetId}.", "syncTargetId")]);
        }
        var remoteId = (input.Text("remoteId") ?? "").Trim();
        var valid = target.Kind == TrackerKind.Phabricator ? PhabricatorTask().IsMatch(remoteId) : GitHubIssue().IsMatch(remoteId);
        if (!valid)
        {
            return new TrackerLinkPayload(null, item, [new MutationError(MutationErrorCode.Validation,
                target.Kind == TrackerKind.Phabricator ? "A Phabricator task looks like T123456." : "A GitHub issue looks like owner/repo#12.",
                "remoteId")]);
        }
        if (await db.TrackerLinks.AnyAsync(l => l.ActionItemId == item.Id && l.SyncTargetId == target.Id, cancellationToken))
        {
            return new TrackerLinkPayload(null, item, [new MutationError(MutationErrorCode.Conflict,
                $"The item is already linked to a task in {target.Name}; an item mirrors one task per tracker. Unlink it first.", "syncTargetId")]);
        }
        if (await db.TrackerLinks.AnyAsync(l => l.SyncTargetId == target.Id && l.RemoteId == remoteId, cancellationToken))
        {
            return new TrackerLinkPayload(null, item, [new MutationError(MutationErrorCode.Conflict,
                $"{remoteId} is already linked to another item.", "remoteId")]);
        }
        var change = Change.Local(actor, clock);
        var link = new TrackerLink
        {
            ActionItemId = item.Id,
            SyncTargetId = target.Id,
            RemoteId = remoteId,
            RemoteUrl = input.Text("remoteUrl") ?? RemoteUrl(target, remoteId),
            State = TrackerLinkState.Linked,
            CreatedAt = change.At,
        };
        db.TrackerLinks.Add(link);
        item.RecordTrackerLinked(target.Name, remoteId, change);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent link won the unique index between the check and the insert; nothing was saved.
            db.ChangeTracker.Clear();
            var current = await db.ActionItems.AsNoTracking().FirstAsync(i => i.Id == item.Id, cancellationToken);
            return new TrackerLinkPayload(null, current, [new MutationError(MutationErrorCode.Conflict,
                $"{remoteId} or this item was linked meanwhile.", "remoteId")]);
        }
        loaders.Clear();
        return new TrackerLinkPayload(link, item, []);
    }

    public async Task<TrackerLinkPayload> UnlinkAsync(long linkId, string actor, CancellationToken cancellationToken)
    {
        var link = await db.TrackerLinks.Include(l => l.ActionItem).Include(l => l.SyncTarget)
            .FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is null)
        {
            return new TrackerLinkPayload(null, null, [new MutationError(MutationErrorCode.NotFound, $"There is no tracker link {linkId}.", "linkId")]);
        }
        var item = link.ActionItem!;
        item.RecordTrackerUnlinked(link.SyncTarget!.Name, link.RemoteId, Change.Local(actor, clock));
        db.TrackerLinks.Remove(link);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request unlinked it (or changed the item) in between: report what is there now.
            db.ChangeTracker.Clear();
            return new TrackerLinkPayload(null, await db.ActionItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == item.Id, cancellationToken),
                [new MutationError(MutationErrorCode.Conflict, "The link or its item changed meanwhile; reload and try again.", "linkId")]);
        }
        loaders.Clear();
        return new TrackerLinkPayload(null, item, []);
    }

    private async Task<ActionItemPayload> SaveAsync(Func<ActionItem> apply, CancellationToken cancellationToken, int? expectedVersion = null)
    {
        ActionItem item;
        try
        {
            item = apply();
        }
        catch (DomainValidationException e)
        {
            db.ChangeTracker.Clear();
            return ActionItemPayload.Fail(new MutationError(MutationErrorCode.Validation, e.Message, e.Field));
        }
        if (expectedVersion is { } expected)
        {
            // The UPDATE then only matches the row the client saw: a concurrent writer makes it match nothing.
            db.Entry(item).Property(i => i.Version).OriginalValue = expected;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.ActionItems.AsNoTracking().FirstAsync(i => i.Id == item.Id, cancellationToken);
            return Conflict(current, expectedVersion ?? (int)item.Version);
        }
        loaders.Clear();
        return ActionItemPayload.Ok(item);
    }

    private static ActionItemPayload Conflict(ActionItem current, int expected) => ActionItemPayload.Fail(
        new MutationError(MutationErrorCode.Conflict,
            $"The item changed since version {expected} (now version {current.Version}); reload it and apply your change again.", "version"),
        current);

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
