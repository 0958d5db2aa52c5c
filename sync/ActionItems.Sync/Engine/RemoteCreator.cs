using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Creates (or adopts) the remote objects of PendingCreate links without ever creating one twice (docs/sync.md, Crash-safe
/// create): the attempt is committed before the create is sent, the new object's ids as soon as the tracker answers, so a
/// retry reads it back instead of creating it again; only an attempt whose answer was lost looks for its sync key. The
/// objects created are read back 100 per call and stored with base := what the remote returned.
/// </summary>
public sealed partial class RemoteCreator(ActionItemsDbContext db, TimeProvider clock, ILogger logger)
{
    public async Task CreateAsync(SyncEngine.TargetSession session, IReadOnlyList<LinkPush> pushes, IReadOnlyDictionary<long, ActionItem> items,
        CancellationToken cancellationToken)
    {
        var toReadBack = new List<LinkPush>();
        foreach (var push in pushes)
        {
            var link = push.Link;
            var item = items[link.ActionItemId];
            if (link.RemoteInternalId is not null)
            {
                // Created by an earlier run that saved the answer: only its read-back is missing.
                toReadBack.Add(push);
                continue;
            }
            var syncKey = link.SyncKey ?? throw new InvalidOperationException($"link {link.Id} is PendingCreate without a sync key");
            // Only a create that may have been sent can exist remotely: without a recorded attempt the look-up (which pages
            // through everything the bot created in the window, quadratic over a burst) is skipped.
            var found = link.CreateAttemptedAt is { } attemptedAt
                ? await session.Connector.FindBySyncKeyAsync(syncKey, attemptedAt - SyncEngine.CreateLookBack, cancellationToken)
                : null;
            if (found is not null)
            {
                await CompleteAsync(session, push, item, found, cancellationToken);
                continue;
            }
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
            // The same save commits the previous create's answer.
            link.CreateAttemptedAt ??= clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            RemoteWriteResult written;
            try
            {
                written = await session.Connector.CreateAsync(new RemoteDraft(syncKey, fields), cancellationToken);
            }
            catch (TrackerPermanentException e) when (!e.AffectsWholeTarget)
            {
                push.Refused(e.Message);
                continue;
            }
            link.RemoteId = written.RemoteId;
            link.RemoteInternalId = written.InternalId;
            link.RemoteUrl = written.Url;
            link.LastError = ownerError;
            if (written.Item is { } returned)
            {
                await CompleteAsync(session, push, item, returned, cancellationToken);
            }
            else
            {
                toReadBack.Add(push);
            }
        }
        // The last answer is committed before anything else is asked.
        await db.SaveChangesAsync(cancellationToken);

        foreach (var batch in toReadBack.Chunk(SyncEngine.BatchSize))
        {
            var remote = await session.Connector.FetchAsync([.. batch.Select(p => p.Link.RemoteInternalId!)], cancellationToken);
            // A task created closed and unowned is Phorge's to assign to us on close; that owner reads as none.
            await session.LearnSyncAccountAsync(remote.Select(r => r.Fields.OwnerAccountId), cancellationToken);
            await session.People.PrepareAsync(remote.Select(r => session.RemoteOwner(r.Fields.OwnerAccountId)), cancellationToken);
            var byId = remote.ToDictionary(r => r.InternalId, StringComparer.Ordinal);
            foreach (var push in batch)
            {
                if (byId.GetValueOrDefault(push.Link.RemoteInternalId!) is { } created)
                {
                    await CompleteAsync(session, push, items[push.Link.ActionItemId], created, cancellationToken);
                }
                else
                {
                    push.Gone($"{push.Link.RemoteId} was created but no longer exists or is not visible to the sync account", clock.GetUtcNow());
                }
            }
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The link mirrors the object the tracker created (or the one found by its sync key); the caller saves.</summary>
    private async Task CompleteAsync(SyncEngine.TargetSession session, LinkPush push, ActionItem item, RemoteItem remote,
        CancellationToken cancellationToken)
    {
        var link = push.Link;
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
        var now = clock.GetUtcNow();
        TrackerLinkUpdates.Synced(link, remote, returned, SyncEngine.VersionOf(remote), now);
        link.State = TrackerLinkState.Linked;
        push.Completed(now);
        LogCreated(logger, link.Id, remote.RemoteId, session.Target.Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Link {LinkId} now mirrors {RemoteId} in {Target}")]
    private static partial void LogCreated(ILogger logger, long linkId, string remoteId, string target);
}
