using ActionItems.Core.Domain;
using ActionItems.Data;

namespace ActionItems.Sync.Engine;

/// <summary>Keeps a link's <see cref="SyncConflict"/> rows in step with a merge; the caller saves.</summary>
public sealed class SyncConflictRecorder(ActionItemsDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Supersedes open conflicts (<paramref name="open"/>: the link's unresolved rows, tracked, as the merge read them) of
    /// fields that changed again, records new ones; returns whether any stay open.
    /// </summary>
    public bool Record(TrackerLink link, IReadOnlyList<SyncConflict> open, MergeResult merge)
    {
        var now = clock.GetUtcNow();
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
