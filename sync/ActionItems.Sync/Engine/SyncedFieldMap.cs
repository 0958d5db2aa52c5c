using System.Collections.Frozen;
using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// What applying a synced value needs to know about the target, without talking to it: the target's project
/// tags (the only tags mirrored) and who a remote account id is (null when no person has that account).
/// </summary>
public sealed record SyncedFieldContext(IReadOnlyCollection<string> ProjectTags, Func<string, Person?> PersonFor);

/// <summary>
/// The one place that says, for each synced field, how it is read from an item, written onto an item and sent
/// to a tracker. Values are in the <see cref="SyncedFields"/> form (enum names, owner account id, tags joined).
/// Writing goes through the item's <c>Set…</c> methods, so history is written by the domain with the caller's
/// <see cref="Change"/> (actor, origin, time).
/// </summary>
public static class SyncedFieldMap
{
    private delegate string? ApplyRule(ActionItem item, string? value, Change change, SyncedFieldContext context);

    private delegate RemoteFieldChanges RemoteRule(RemoteFieldChanges changes, string? local, string? remote);

    private sealed record FieldRule(ApplyRule Apply, RemoteRule ToRemote);

    private static readonly FrozenDictionary<string, FieldRule> Rules = new Dictionary<string, FieldRule>
    {
        [HistoryFields.Title] = new(ApplyTitle, (changes, local, _) => changes with { Title = local }),
        [HistoryFields.Status] = new(ApplyStatus, (changes, local, _) => changes with { Status = ParseRequired<ActionItemStatus>(local) }),
        [HistoryFields.Owner] = new(ApplyOwner,
            (changes, local, _) => local is null ? changes with { ClearOwner = true } : changes with { OwnerAccountId = local }),
        [HistoryFields.Priority] = new(ApplyPriority, (changes, local, _) => changes with { Priority = ParseRequired<Priority>(local) }),
        [HistoryFields.Description] = new(ApplyDescription, (changes, local, _) => changes with { Description = local ?? "" }),
        [HistoryFields.Tags] = new(ApplyTags, (changes, local, remote) => changes with
        {
            TagsToAdd = [.. SyncedFields.SplitTags(local).Except(SyncedFields.SplitTags(remote))],
            TagsToRemove = [.. SyncedFields.SplitTags(remote).Except(SyncedFields.SplitTags(local))],
        }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The local side of an item: its values as a tracker would compare them, given its owner's account on that tracker.</summary>
    public static SyncedFields Read(ActionItem item, string? ownerAccountId, IReadOnlyCollection<string> projectTags) =>
        SyncedFields.Normalize(item.Title, item.Status, ownerAccountId, item.Priority, item.Description, item.Tags, projectTags);

    /// <summary>
    /// The remote side of a tracker object, in the same form as <see cref="Read"/>. <paramref name="syncAccountId"/> is the
    /// account the target's token acts as (see <see cref="RemoteOwner"/>).
    /// </summary>
    public static SyncedFields ReadRemote(RemoteFields fields, IReadOnlyCollection<string> projectTags, string? syncAccountId) =>
        SyncedFields.Normalize(fields.Title, fields.Status, RemoteOwner(fields.OwnerAccountId, syncAccountId), fields.Priority,
            fields.Description, fields.Tags, projectTags);

    /// <summary>
    /// A remote owner as the sync reads it: the sync account itself is never an owner here. Phorge makes whoever closes an
    /// unowned task its owner, so a close we push leaves our own account as the task's owner (README, Phabricator / Phorge);
    /// read as no owner, that assignment is never applied to the item nor answered with a clear, and an item closed while
    /// unassigned stays unassigned.
    /// </summary>
    public static string? RemoteOwner(string? accountId, string? syncAccountId) =>
        accountId is not null && string.Equals(accountId, syncAccountId, StringComparison.Ordinal) ? null : accountId;

    /// <summary>
    /// Writes <paramref name="value"/> onto <paramref name="field"/> of the item. Returns null on success, or why the
    /// value cannot be applied (not a synced field, not parseable, no person with that account); then the item is unchanged.
    /// </summary>
    public static string? Apply(ActionItem item, string field, string? value, Change change, SyncedFieldContext context) =>
        Rules.TryGetValue(field, out var rule)
            ? rule.Apply(item, value, change, context)
            : $"'{field}' is not a synced field ({string.Join(", ", SyncedFields.Names)})";

    /// <summary>Adds the change that makes the remote <paramref name="field"/> hold <paramref name="local"/> where it holds <paramref name="remote"/>.</summary>
    public static RemoteFieldChanges ToRemoteChange(RemoteFieldChanges changes, string field, string? local, string? remote) =>
        Rules.TryGetValue(field, out var rule)
            ? rule.ToRemote(changes, local, remote)
            : throw new ArgumentOutOfRangeException(nameof(field), field, "not a synced field");

    /// <summary>One update carrying every field in <paramref name="fields"/> from <paramref name="local"/>, against what the remote holds.</summary>
    public static RemoteFieldChanges ToRemoteChanges(IEnumerable<string> fields, SyncedFields local, SyncedFields remote) =>
        fields.Aggregate(new RemoteFieldChanges(), (changes, field) => ToRemoteChange(changes, field, local[field], remote[field]));

    private static string? ApplyTitle(ActionItem item, string? value, Change change, SyncedFieldContext context)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "a title cannot be empty";
        }
        item.SetTitle(value, change);
        return null;
    }

    private static string? ApplyStatus(ActionItem item, string? value, Change change, SyncedFieldContext context)
    {
        if (!TryParse<ActionItemStatus>(value, out var status))
        {
            return $"'{value}' is not a status ({string.Join(", ", Enum.GetNames<ActionItemStatus>())})";
        }
        item.SetStatus(status, change);
        return null;
    }

    private static string? ApplyPriority(ActionItem item, string? value, Change change, SyncedFieldContext context)
    {
        if (!TryParse<Priority>(value, out var priority))
        {
            return $"'{value}' is not a priority ({string.Join(", ", Enum.GetNames<Priority>())})";
        }
        item.SetPriority(priority, change);
        return null;
    }

    private static string? ApplyDescription(ActionItem item, string? value, Change change, SyncedFieldContext context)
    {
        item.SetDescription(value, change);
        return null;
    }

    private static string? ApplyOwner(ActionItem item, string? value, Change change, SyncedFieldContext context)
    {
        Person? owner = null;
        if (value is not null && (owner = context.PersonFor(value)) is null)
        {
            return $"no person has the account {value}";
        }
        item.SetOwner(owner, change);
        return null;
    }

    /// <summary>Only the target's tags are mirrored; the item's other tags are left alone.</summary>
    private static string? ApplyTags(ActionItem item, string? value, Change change, SyncedFieldContext context)
    {
        item.SetTags(item.Tags.Where(t => !context.ProjectTags.Contains(t)).Concat(SyncedFields.SplitTags(value)), change);
        return null;
    }

    /// <summary>Enum names only: a number or an undefined value is not a synced value.</summary>
    private static bool TryParse<TEnum>(string? value, out TEnum parsed) where TEnum : struct, Enum =>
        Enum.TryParse(value, ignoreCase: false, out parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _);

    private static TEnum ParseRequired<TEnum>(string? value) where TEnum : struct, Enum =>
        TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"'{value}' is not a {typeof(TEnum).Name} name");
}
