using System.Globalization;
using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Who made the remote changes a merge applies, and when, so each pulled value is written with its author and time
/// (docs/sync.md). The objects of a page or batch that changed since their base are read together from the tracker's
/// recent activity (<see cref="ISyncConnector.FetchRecentHistoryAsync"/>: a bulk change of hundreds of tasks costs a few
/// calls, not one each); an object not found there, or alone, costs one read of its own changes.
/// </summary>
public sealed class PulledChangeAuthors
{
    /// <summary>How far before the oldest change in the batch the shared reading goes back at most.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromMinutes(10);

    private readonly Dictionary<long, IReadOnlyList<RemoteHistoryEntry>> _found = [];

    /// <summary>Nothing read ahead: every object reads its own changes.</summary>
    public static PulledChangeAuthors None { get; } = new();

    /// <summary>Reads the recent changes of the objects in <paramref name="pairs"/> that changed since their base, when there are several.</summary>
    public static async Task<PulledChangeAuthors> ReadAheadAsync(SyncEngine.TargetSession session,
        IReadOnlyList<(TrackerLink Link, RemoteItem Remote)> pairs, CancellationToken cancellationToken)
    {
        var changed = pairs.Where(p => p.Link.BaseSnapshot is not null)
            .Select(p => (p.Link, p.Remote, Fields: ChangedFields(session, p.Link, p.Remote))).Where(p => p.Fields.Count > 0).ToList();
        if (changed.Count < 2)
        {
            return None;
        }
        var since = changed.Min(p => Since(p.Link) ?? p.Remote.ModifiedAt);
        var floor = changed.Min(p => p.Remote.ModifiedAt) - LookBack;
        var fieldsByObject = changed.ToDictionary(p => p.Remote.InternalId, p => p.Fields, StringComparer.Ordinal);
        var recent = await session.Connector.FetchRecentHistoryAsync(fieldsByObject, since > floor ? since : floor, cancellationToken);
        var authors = new PulledChangeAuthors();
        foreach (var (link, remote, _) in changed)
        {
            if (recent.ByObject.TryGetValue(remote.InternalId, out var history))
            {
                authors._found[link.Id] = [.. history.Where(e => Since(link) is not { } start || e.At >= start)];
            }
        }
        var entries = authors._found.Values.SelectMany(h => h).ToList();
        await session.LearnSyncAccountAsync(HistoryBackfill.OwnersIn(entries), cancellationToken);
        await session.People.PrepareAsync(HistoryBackfill.AccountsIn(session, entries), cancellationToken);
        return authors;
    }

    /// <summary>
    /// The latest change of each field since the link's last applied remote version, authors resolved to people: from
    /// the reading ahead, else from the object's own transactions (newest first, so one call).
    /// </summary>
    public async Task<Dictionary<string, HistoryBackfill.Entry>> LastChangesAsync(SyncEngine.TargetSession session, TrackerLink link,
        RemoteItem remote, CancellationToken cancellationToken)
    {
        if (!_found.TryGetValue(link.Id, out var history))
        {
            history = await session.Connector.FetchHistoryAsync(new RemoteItemRef(remote.RemoteId, remote.InternalId, link.SyncKey),
                Since(link), cancellationToken);
            await session.LearnSyncAccountAsync(HistoryBackfill.OwnersIn(history), cancellationToken);
            await session.People.PrepareAsync(HistoryBackfill.AccountsIn(session, history), cancellationToken);
        }
        return HistoryBackfill.LastChanges(HistoryBackfill.Read(session, history));
    }

    /// <summary>The remote version the link last applied (changes after it are the ones being pulled).</summary>
    private static DateTimeOffset? Since(TrackerLink link) =>
        long.TryParse(link.RemoteVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : link.LastSyncedAt;

    /// <summary>The synced fields whose remote value is not the base: the changes a merge may pull.</summary>
    private static IReadOnlyCollection<string> ChangedFields(SyncEngine.TargetSession session, TrackerLink link, RemoteItem remote)
    {
        var current = session.ReadRemote(remote);
        var known = SyncedFields.FromSnapshot(link.BaseSnapshot)!;
        return [.. SyncedFields.Names.Where(field => !string.Equals(current[field], known[field], StringComparison.Ordinal))];
    }
}
