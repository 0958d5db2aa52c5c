using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>Step 1 of the crash-safe create (docs/sync.md): the pending link and its outbox row, added to the same unit of work.</summary>
public static class PendingLinks
{
    public static TrackerLink Add(ActionItem item, SyncTarget target, DateTimeOffset now)
    {
        var link = new TrackerLink
        {
            ActionItem = item,
            ActionItemId = item.Id,
            SyncTarget = target,
            SyncTargetId = target.Id,
            State = TrackerLinkState.PendingCreate,
            SyncKey = Guid.NewGuid(),
            PendingSince = now,
            CreatedAt = now,
        };
        item.Links.Add(link);
        return link;
    }

    public static OutboxMessage OutboxFor(TrackerLink link, DateTimeOffset now) => new()
    {
        Kind = OutboxKinds.RemoteCreate,
        ActionItemId = link.ActionItemId,
        ActionItem = link.ActionItem,
        TrackerLink = link,
        CreatedAt = now,
    };

    /// <summary>Whether a target's push policy creates a remote object for this new item.</summary>
    public static bool PolicyWants(SyncTargetOptions options, SyncTarget target, ActionItem item)
    {
        var policy = SyncTargetRegistry.ParsePushPolicy(options.PushPolicy);
        // "New" items: created after the target was configured; the existing backlog is pushed with pushToTracker.
        return policy is { Push: true } p && item.ArchivedAt is null && item.CreatedAt >= target.CreatedAt &&
               (p.Tag is null || item.Tags.Contains(p.Tag, StringComparer.Ordinal));
    }
}
