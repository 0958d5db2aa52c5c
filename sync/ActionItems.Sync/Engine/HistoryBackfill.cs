using System.Globalization;
using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Remote history copied into item history on a link's first fill (origin tracker, remote times), so
/// <c>openAt</c> answers for the time before the link existed.
/// </summary>
public static class HistoryBackfill
{
    /// <summary>The remote history of every link that was never filled, keyed by link id.</summary>
    public static async Task<Dictionary<long, IReadOnlyList<RemoteHistoryEntry>>> FetchAsync(SyncEngine.TargetSession session,
        IEnumerable<(TrackerLink Link, RemoteItem Remote)> pairs, CancellationToken cancellationToken)
    {
        var histories = new Dictionary<long, IReadOnlyList<RemoteHistoryEntry>>();
        foreach (var (link, remote) in pairs.Where(p => p.Link.BaseSnapshot is null))
        {
            histories[link.Id] = await session.Connector.FetchHistoryAsync(
                new RemoteItemRef(remote.RemoteId, remote.InternalId, link.SyncKey), cancellationToken);
        }
        return histories;
    }

    /// <summary>The accounts the histories mention (authors, old and new owners), to resolve in one look-up before <see cref="Apply"/>.</summary>
    public static IEnumerable<string?> AccountsIn(IEnumerable<IReadOnlyList<RemoteHistoryEntry>> histories) =>
        histories.SelectMany(h => h).SelectMany(e => (string?[])[e.AuthorAccountId,
            e.Field == HistoryFields.Owner ? e.OldValue : null, e.Field == HistoryFields.Owner ? e.NewValue : null]);

    /// <summary>
    /// Adds the remote history to the item, skipping entries already there. Owner values become person ids like
    /// local owner history.
    /// </summary>
    public static void Apply(SyncEngine.TargetSession session, ActionItem item, IReadOnlyList<RemoteHistoryEntry> history)
    {
        foreach (var entry in history)
        {
            var (oldValue, newValue) = entry.Field == HistoryFields.Owner
                ? (PersonId(session, entry.OldValue), PersonId(session, entry.NewValue))
                : (entry.OldValue, entry.NewValue);
            var duplicate = item.History.Any(h => h.Field == entry.Field && h.At == entry.At && h.Origin == session.Origin &&
                                                  h.NewValue == newValue);
            if (duplicate)
            {
                continue;
            }
            item.History.Add(new ActionItemHistory
            {
                ActionItemId = item.Id,
                Field = entry.Field,
                OldValue = oldValue,
                NewValue = newValue,
                At = entry.At,
                Actor = session.People.ActorFor(entry.AuthorAccountId, session.DefaultActor),
                Origin = session.Origin,
            });
        }
    }

    /// <summary>Who made the last change of each field: a first fill credits them with the current values it applies.</summary>
    public static Dictionary<string, string> LastActors(SyncEngine.TargetSession session, IReadOnlyList<RemoteHistoryEntry> history) =>
        history.GroupBy(h => h.Field).Select(g => g.MaxBy(h => h.At)!)
            .ToDictionary(last => last.Field, last => session.People.ActorFor(last.AuthorAccountId, session.DefaultActor));

    private static string? PersonId(SyncEngine.TargetSession session, string? accountId) =>
        accountId is null ? null
        : session.People.PersonFor(accountId)?.Id.ToString(CultureInfo.InvariantCulture) ?? accountId;
}
