using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Engine;

/// <summary>Keeps a link's <see cref="SyncConflict"/> rows in step with a merge; the caller saves.</summary>
public sealed class SyncConflictRecorder(ActionItemsDbContext db, TimeProvider clock)
{
    /// <summary>Supersedes open conflicts of fields that changed again, records new ones; returns whether any stay open.</summary>
    public async Task<bool> RecordAsync(TrackerLink link, MergeResult merge, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var open = await db.SyncConflicts.Where(c => c.TrackerLinkId == link.Id && c.ResolvedAt == null).ToListAsync(cancellationToken);
        // The next change on either side of a field supersedes its open conflict.
        foreach (var conflict in open.Where(c => merge.ChangedFields.Contains(c.Field)))
        {
            conflict.ResolvedAt = now;
            conflict.Resolution = ConflictResolution.Superseded;
            conflict.ResolvedBy = "sync";
        }
        foreach (var decision in merge.Conflicts)
        {
            db.SyncConflicts.Add(new SyncConflict
            {
                TrackerLinkId = link.Id,
                Field = decision.Field,
                LocalValue = decision.Local,
                RemoteValue = decision.Remote,
                LocalChangedAt = decision.LocalChangedAt ?? DateTimeOffset.UnixEpoch,
                RemoteChangedAt = decision.RemoteChangedAt,
                // A held conflict writes neither side: the item keeps its (local) value until a person decides.
                Winner = decision.Action == FieldAction.ConflictRemoteWins ? ConflictSide.Remote : ConflictSide.Local,
                CreatedAt = now,
            });
        }
        return merge.Conflicts.Count > 0 || open.Any(c => c.ResolvedAt is null);
    }
}
