using System.Globalization;
using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Remote history in item history (origin tracker, remote times), so <c>openAt</c> answers for the time before a link
/// existed, in two steps that keep the first fill at one search per hundred tasks:
/// <list type="number">
/// <item>The fill reads it from the object itself (<see cref="FirstFillChanges"/>): a closed object's close comes from
/// its close time and closer, an object never modified after its creation was set up by its author then. That is the
/// whole open/close history of an object closed at most once.</item>
/// <item>Objects whose history may hold more (<see cref="NeedsFullHistory"/>) are marked on their link, and the paced
/// history job reads their transactions later (<see cref="Apply"/>), correcting what the fill had to guess.</item>
/// </list>
/// </summary>
public static class HistoryBackfill
{
    /// <summary>One remote change in item history terms: owners as person ids, the actor's display name.</summary>
    public sealed record Entry(string Field, string? OldValue, string? NewValue, DateTimeOffset At, string Actor);

    /// <summary>
    /// What a first fill knows about the latest change of each field without reading transactions: the close (time and
    /// closer) of a closed object, and for an object never modified since its creation, every field as its author set it.
    /// Fields not listed are written at the object's modification time by the target (an upper bound, corrected by the
    /// history job when the object needs it).
    /// </summary>
    public static Dictionary<string, Entry> FirstFillChanges(SyncEngine.TargetSession session, RemoteItem remote)
    {
        var changes = new Dictionary<string, Entry>();
        if (remote.ModifiedAt <= remote.CreatedAt)
        {
            var author = session.People.ActorFor(remote.AuthorAccountId, session.DefaultActor);
            foreach (var field in SyncedFields.Names)
            {
                changes[field] = new Entry(field, null, null, remote.CreatedAt, author);
            }
        }
        if (remote.ClosedAt is { } closedAt && remote.Fields.Status is { } status && !status.IsOpen())
        {
            changes[HistoryFields.Status] = new Entry(HistoryFields.Status, null, status.ToString(), closedAt,
                session.People.ActorFor(remote.CloserAccountId, session.DefaultActor));
        }
        return changes;
    }

    /// <summary>The accounts <see cref="FirstFillChanges"/> names, to resolve with the owners before it runs.</summary>
    public static IEnumerable<string?> FirstFillAccounts(RemoteItem remote) => [remote.AuthorAccountId, remote.CloserAccountId];

    /// <summary>
    /// Whether the object's transactions may hold history its fields do not show: an open object modified after its
    /// creation may have been closed and reopened (reopening clears the close time), a closed one modified after its
    /// close may have been reopened and closed again. An object closed and reopened with nothing after its last close
    /// looks closed once; docs/sync.md says so.
    /// </summary>
    public static bool NeedsFullHistory(RemoteItem remote) =>
        remote.ClosedAt is { } closedAt ? remote.ModifiedAt > closedAt : remote.ModifiedAt > remote.CreatedAt;

    /// <summary>The owner accounts the history mentions (old and new), before they are read as owners.</summary>
    public static IEnumerable<string?> OwnersIn(IEnumerable<RemoteHistoryEntry> history) =>
        history.Where(e => e.Field == HistoryFields.Owner).SelectMany(e => (string?[])[e.OldValue, e.NewValue]);

    /// <summary>
    /// The accounts the history mentions (authors, old and new owners as read by <see cref="SyncEngine.TargetSession.RemoteOwner"/>),
    /// to resolve in one look-up before <see cref="Read"/>.
    /// </summary>
    public static IEnumerable<string?> AccountsIn(SyncEngine.TargetSession session, IEnumerable<RemoteHistoryEntry> history) =>
        history.SelectMany(e => (string?[])[e.AuthorAccountId,
            e.Field == HistoryFields.Owner ? session.RemoteOwner(e.OldValue) : null,
            e.Field == HistoryFields.Owner ? session.RemoteOwner(e.NewValue) : null]);

    /// <summary>
    /// The remote history (oldest first) in item history terms. Owners are read like the current owner
    /// (<see cref="SyncEngine.TargetSession.RemoteOwner"/>), so the sync account's assign-on-close is no owner change at all.
    /// Entries without values (<see cref="RemoteHistoryEntry.HasValues"/>) are kept: they attribute a change.
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

    /// <summary>The latest change of each field: a pulled value is written with this change's time and author.</summary>
    public static Dictionary<string, Entry> LastChanges(IEnumerable<Entry> entries) =>
        entries.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>
    /// Adds the remote history to the item once. The latest change of a field whose current value the item already took
    /// from the tracker is that row: when the fill had to guess its time and author (the object's modification time, the
    /// target's name), they are corrected instead of adding a second row, which would count the change twice (an item
    /// closed in the tracker would close twice in <c>openItemsOverTime</c>). Entries without values are not history.
    /// </summary>
    public static void Apply(SyncEngine.TargetSession session, ActionItem item, IReadOnlyList<Entry> history)
    {
        var entries = history.Where(e => e.Field is HistoryFields.Status or HistoryFields.Owner or HistoryFields.Priority or HistoryFields.Title)
            .ToList();
        var latest = LastChanges(entries);
        foreach (var entry in entries)
        {
            if (ReferenceEquals(latest[entry.Field], entry) && RowWrittenForLatest(session, item, entry) is { } row)
            {
                row.At = entry.At;
                row.Actor = entry.Actor;
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

    /// <summary>The item's latest row of the field when the tracker wrote it with this value (at this change or guessed later).</summary>
    private static ActionItemHistory? RowWrittenForLatest(SyncEngine.TargetSession session, ActionItem item, Entry entry) =>
        item.History.Where(h => h.Field == entry.Field).OrderBy(h => h.At).ThenBy(h => h.Id).LastOrDefault() is { } row &&
        row.Origin == session.Origin && row.NewValue == entry.NewValue && row.At >= entry.At
            ? row
            : null;

    private static string? PersonId(SyncEngine.TargetSession session, string? accountId) =>
        accountId is null ? null
        : session.People.PersonFor(accountId)?.Id.ToString(CultureInfo.InvariantCulture) ?? accountId;
}
