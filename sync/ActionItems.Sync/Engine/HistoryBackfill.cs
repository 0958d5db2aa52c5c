using System.Globalization;
using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Remote history copied into item history on a link's first fill (origin tracker, remote times), so
/// <c>openAt</c> answers for the time before the link existed. Each remote change is written once: the latest
/// change of a field whose current value the fill applies is the row that apply writes (<see cref="Apply"/>).
/// </summary>
public static class HistoryBackfill
{
    /// <summary>One remote change in item history terms: owners as person ids, the actor's display name.</summary>
    public sealed record Entry(string Field, string? OldValue, string? NewValue, DateTimeOffset At, string Actor);

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

    /// <summary>The owner accounts the histories mention (old and new), before they are read as owners.</summary>
    public static IEnumerable<string?> OwnersIn(IEnumerable<IReadOnlyList<RemoteHistoryEntry>> histories) =>
        histories.SelectMany(h => h).Where(e => e.Field == HistoryFields.Owner).SelectMany(e => (string?[])[e.OldValue, e.NewValue]);

    /// <summary>
    /// The accounts the histories mention (authors, old and new owners as read by <see cref="SyncEngine.TargetSession.RemoteOwner"/>),
    /// to resolve in one look-up before <see cref="Read"/>.
    /// </summary>
    public static IEnumerable<string?> AccountsIn(SyncEngine.TargetSession session, IEnumerable<IReadOnlyList<RemoteHistoryEntry>> histories) =>
        histories.SelectMany(h => h).SelectMany(e => (string?[])[e.AuthorAccountId,
            e.Field == HistoryFields.Owner ? session.RemoteOwner(e.OldValue) : null,
            e.Field == HistoryFields.Owner ? session.RemoteOwner(e.NewValue) : null]);

    /// <summary>
    /// The remote history (oldest first) in item history terms. Owners are read like the current owner
    /// (<see cref="SyncEngine.TargetSession.RemoteOwner"/>), so the sync account's assign-on-close is no owner change at all.
    /// </summary>
    public static IReadOnlyList<Entry> Read(SyncEngine.TargetSession session, IReadOnlyList<RemoteHistoryEntry> history)
    {
        var entries = new List<Entry>(history.Count);
        foreach (var entry in history)
        {
            var (oldValue, newValue) = entry.Field == HistoryFields.Owner
                ? (PersonId(session, session.RemoteOwner(entry.OldValue)), PersonId(session, session.RemoteOwner(entry.NewValue)))
                : (entry.OldValue, entry.NewValue);
            if (entry.Field == HistoryFields.Owner && oldValue == newValue)
            {
                continue;
            }
            entries.Add(new Entry(entry.Field, oldValue, newValue, entry.At, session.People.ActorFor(entry.AuthorAccountId, session.DefaultActor)));
        }
        return entries;
    }

    /// <summary>The latest change of each field: a first fill writes the current value it applies with this change's time and author.</summary>
    public static Dictionary<string, Entry> LastChanges(IReadOnlyList<Entry> entries) =>
        entries.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>
    /// Adds the remote history to the item, skipping entries already there and the latest change of each field in
    /// <paramref name="appliedFields"/>: applying that field's current value has just written that change (with its time
    /// and author), and a second row would count it twice (an item closed in the tracker would close twice in
    /// <c>openItemsOverTime</c>).
    /// </summary>
    public static void Apply(SyncEngine.TargetSession session, ActionItem item, IReadOnlyList<Entry> entries, IReadOnlySet<string> appliedFields)
    {
        var latest = LastChanges(entries);
        foreach (var entry in entries)
        {
            if (appliedFields.Contains(entry.Field) && ReferenceEquals(latest[entry.Field], entry))
            {
                continue;
            }
            var duplicate = item.History.Any(h => h.Field == entry.Field && h.At == entry.At && h.Origin == session.Origin &&
                                                  h.NewValue == entry.NewValue);
            if (duplicate)
            {
                continue;
            }
            item.History.Add(new ActionItemHistory
            {
                ActionItemId = item.Id,
                Field = entry.Field,
                OldValue = entry.OldValue,
                NewValue = entry.NewValue,
                At = entry.At,
                Actor = entry.Actor,
                Origin = session.Origin,
            });
        }
    }

    private static string? PersonId(SyncEngine.TargetSession session, string? accountId) =>
        accountId is null ? null
        : session.People.PersonFor(accountId)?.Id.ToString(CultureInfo.InvariantCulture) ?? accountId;
}
