using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Creates (or adopts) the remote object of a PendingCreate link without ever creating it twice: look for the
/// sync key first, create only when it is not there, then store the result with base := what the remote returned.
/// </summary>
public sealed partial class RemoteCreator(ActionItemsDbContext db, TimeProvider clock, ILogger logger)
{
    public async Task CreateAsync(SyncEngine.TargetSession session, TrackerLink link, ActionItem item, CancellationToken cancellationToken)
    {
        var syncKey = link.SyncKey ?? throw new InvalidOperationException($"link {link.Id} is PendingCreate without a sync key");
        // Only a create that may have been sent can exist remotely: without a recorded attempt the look-up (which pages
        // through everything the bot created in the window, quadratic over a burst) is skipped.
        var remote = link.CreateAttemptedAt is { } attemptedAt
            ? await session.Connector.FindBySyncKeyAsync(syncKey, attemptedAt - SyncEngine.CreateLookBack, cancellationToken)
            : null;
        if (remote is null)
        {
            var (local, ownerError) = await session.ReadLocalAsync(item, cancellationToken);
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
        // A task created closed and unowned is Phorge's to assign to us on close; that owner reads as none.
        await session.LearnSyncAccountAsync([remote.Fields.OwnerAccountId], cancellationToken);
        await session.People.PrepareAsync([session.RemoteOwner(remote.Fields.OwnerAccountId)], cancellationToken);
        var returned = session.ReadRemote(remote);
        // Tags the tracker added (the configured project tags) are now the item's too, so they are not removed again.
        var missingTags = SyncedFields.SplitTags(returned.Tags).Except(item.Tags, StringComparer.Ordinal).ToList();
        if (missingTags.Count > 0)
        {
            item.SetTags(item.Tags.Concat(missingTags),
                new Change(session.DefaultActor, session.Origin, remote.ModifiedAt > item.UpdatedAt ? remote.ModifiedAt : item.UpdatedAt));
        }
        TrackerLinkUpdates.Synced(link, remote, returned, SyncEngine.VersionOf(remote), clock.GetUtcNow());
        link.State = TrackerLinkState.Linked;
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(logger, link.Id, remote.RemoteId, session.Target.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Link {LinkId} now mirrors {RemoteId} in {Target}")]
    private static partial void LogCreated(ILogger logger, long linkId, string remoteId, string target);
}
