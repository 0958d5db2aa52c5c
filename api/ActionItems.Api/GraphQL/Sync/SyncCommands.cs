using System.Globalization;
using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Sync;

public enum ConflictKeep
{
    Local,
    Remote,
}

public sealed record SyncLinksPayload(IReadOnlyList<TrackerLink> Links, IReadOnlyList<MutationError> Errors);

public sealed record ResolveConflictPayload(SyncConflict? Conflict, TrackerLink? Link, ActionItem? ActionItem, IReadOnlyList<MutationError> Errors);

/// <summary>
/// The sync mutations. They only write local state and queue work: the tracker is called by the jobs,
/// so a slow tracker never slows the API.
/// </summary>
public sealed class SyncCommands(ActionItemsDbContext db, SyncTargetRegistry registry, IBackgroundJobClient jobs, TimeProvider clock,
    DataLoaders loaders, SyncLoaders syncLoaders)
{
    public const int MaxItems = 500;

    /// <summary>
    /// Creates the remote task of each item in the target: a PendingCreate link and its outbox row in one
    /// transaction (the drain, enqueued on commit, runs the crash-safe create). Items already linked there are reported.
    /// </summary>
    public async Task<SyncLinksPayload> PushToTrackerAsync(MutationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var itemIds = input.Ids("itemIds", errors).Distinct().ToList();
        var targetName = (input.Text("target") ?? "").Trim();
        if (errors.Count > 0 || itemIds.Count > MaxItems)
        {
            return new SyncLinksPayload([], itemIds.Count > MaxItems
                ? [new MutationError(MutationErrorCode.Validation, $"At most {MaxItems} items at a time.", "itemIds")]
                : errors);
        }
        var target = await db.SyncTargets.FirstOrDefaultAsync(t => t.Name == targetName, cancellationToken);
        if (target is null || registry.Find(target.Name) is null)
        {
            return new SyncLinksPayload([], [new MutationError(MutationErrorCode.NotFound,
                $"There is no configured sync target '{targetName}'.", "target")]);
        }
        var items = await db.ActionItems.Include(i => i.Links).Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var links = new List<TrackerLink>();
        var now = clock.GetUtcNow();
        foreach (var id in itemIds)
        {
            if (!items.TryGetValue(id, out var item))
            {
                errors.Add(new MutationError(MutationErrorCode.NotFound, $"There is no action item {id}.", "itemIds"));
                continue;
            }
            if (item.Links.FirstOrDefault(l => l.SyncTargetId == target.Id) is { } existing)
            {
                errors.Add(new MutationError(MutationErrorCode.Conflict,
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
            return new SyncLinksPayload([], errors);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new SyncLinksPayload([], [new MutationError(MutationErrorCode.Conflict,
                "One of the items was linked to this target meanwhile; nothing was pushed.", "itemIds")]);
        }
        loaders.Clear();
        return new SyncLinksPayload(links, []);
    }

    /// <summary>Queues a sync of every live link of the items (Error links are retried; Broken ones need relinking).</summary>
    public async Task<SyncLinksPayload> RequestSyncAsync(MutationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var itemIds = input.Ids("itemIds", errors).Distinct().ToList();
        if (errors.Count > 0 || itemIds.Count > MaxItems)
        {
            return new SyncLinksPayload([], itemIds.Count > MaxItems
                ? [new MutationError(MutationErrorCode.Validation, $"At most {MaxItems} items at a time.", "itemIds")]
                : errors);
        }
        var known = await db.ActionItems.Where(i => itemIds.Contains(i.Id)).Select(i => i.Id).ToListAsync(cancellationToken);
        var missing = itemIds.Except(known).ToList();
        if (missing.Count > 0)
        {
            return new SyncLinksPayload([], [.. missing.Select(id =>
                new MutationError(MutationErrorCode.NotFound, $"There is no action item {id}.", "itemIds"))]);
        }
        var links = await db.TrackerLinks.AsNoTracking()
            .Where(l => itemIds.Contains(l.ActionItemId) && l.State != TrackerLinkState.Broken)
            .OrderBy(l => l.Id).ToListAsync(cancellationToken);
        foreach (var link in links)
        {
            var linkId = link.Id;
            jobs.Enqueue<SyncLinkJob>(j => j.RunAsync(linkId, CancellationToken.None));
        }
        return new SyncLinksPayload(links, []);
    }

    /// <summary>
    /// Settles an open conflict. Keeping the value the policy did not apply writes it locally (history
    /// origin local, an outbox row), so the next push carries it to the tracker; keeping the applied one
    /// only closes the record.
    /// </summary>
    public async Task<ResolveConflictPayload> ResolveConflictAsync(MutationInput input, string actor, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var linkId = input.Id("linkId", errors);
        var field = (input.Text("field") ?? "").Trim();
        var keep = input.Get<ConflictKeep>("keep");
        if (errors.Count > 0)
        {
            return new ResolveConflictPayload(null, null, null, errors);
        }
        if (!SyncedFields.Names.Contains(field))
        {
            return new ResolveConflictPayload(null, null, null, [new MutationError(MutationErrorCode.Validation,
                $"'{field}' is not a synced field ({string.Join(", ", SyncedFields.Names)}).", "field")]);
        }
        var link = await db.TrackerLinks.Include(l => l.SyncTarget).FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken);
        if (link is null)
        {
            return new ResolveConflictPayload(null, null, null, [new MutationError(MutationErrorCode.NotFound, $"There is no tracker link {linkId}.", "linkId")]);
        }
        var conflict = await db.SyncConflicts.Where(c => c.TrackerLinkId == link.Id && c.Field == field && c.ResolvedAt == null)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var item = await db.ActionItems.Include(i => i.Owner).FirstAsync(i => i.Id == link.ActionItemId, cancellationToken);
        if (conflict is null)
        {
            return new ResolveConflictPayload(null, link, item, [new MutationError(MutationErrorCode.NotFound,
                $"Link {linkId} has no open conflict on {field}.", "field")]);
        }
        var value = keep == ConflictKeep.Local ? conflict.LocalValue : conflict.RemoteValue;
        var change = Change.Local(actor, clock);
        var error = await ApplyAsync(item, link.SyncTarget!, field, value, change, cancellationToken);
        if (error is not null)
        {
            return new ResolveConflictPayload(conflict, link, item, [error]);
        }
        conflict.ResolvedAt = change.At;
        conflict.Resolution = keep == ConflictKeep.Local ? ConflictResolution.KeptLocal : ConflictResolution.KeptRemote;
        conflict.ResolvedBy = actor;
        if (link.State == TrackerLinkState.Conflict &&
            !await db.SyncConflicts.AnyAsync(c => c.TrackerLinkId == link.Id && c.ResolvedAt == null && c.Id != conflict.Id, cancellationToken))
        {
            link.State = TrackerLinkState.Linked;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new ResolveConflictPayload(null, link, null, [new MutationError(MutationErrorCode.Conflict,
                "The item changed meanwhile; look at it again and retry.", "linkId")]);
        }
        loaders.Clear();
        syncLoaders.Clear();
        return new ResolveConflictPayload(conflict, link, item, []);
    }

    private async Task<MutationError?> ApplyAsync(ActionItem item, SyncTarget target, string field, string? value, Change change,
        CancellationToken cancellationToken)
    {
        switch (field)
        {
            case HistoryFields.Title:
                item.SetTitle(value ?? item.Title, change);
                break;
            case HistoryFields.Description:
                item.SetDescription(value, change);
                break;
            case HistoryFields.Status when Enum.TryParse<ActionItemStatus>(value, out var status):
                item.SetStatus(status, change);
                break;
            case HistoryFields.Priority when Enum.TryParse<Priority>(value, out var priority):
                item.SetPriority(priority, change);
                break;
            case HistoryFields.Tags:
                item.SetTags(item.Tags.Where(t => !target.DefaultTags.Contains(t)).Concat(SyncedFields.SplitTags(value)), change);
                break;
            case HistoryFields.Owner:
                Person? owner = null;
                if (value is not null)
                {
                    owner = target.Kind == TrackerKind.Phabricator
                        ? await db.People.FirstOrDefaultAsync(p => p.PhabricatorPhid == value, cancellationToken)
                        : await db.People.FirstOrDefaultAsync(p => p.GitHubLogin == value, cancellationToken);
                    if (owner is null)
                    {
                        return new MutationError(MutationErrorCode.NotFound, $"No person has the {target.Kind} account {value}.", "keep");
                    }
                }
                item.SetOwner(owner, change);
                break;
            default:
                return new MutationError(MutationErrorCode.Validation,
                    string.Create(CultureInfo.InvariantCulture, $"The stored value '{value}' cannot be applied to {field}."), "keep");
        }
        return null;
    }
}
