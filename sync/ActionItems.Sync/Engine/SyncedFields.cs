using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// The mirrored fields in one comparable form, the same for base, local and remote: enum names for
/// status and priority, the owner's remote account id, the description outside our marker, and the
/// target's tags as a sorted comma-separated list. Null means "empty" (no owner, no description).
/// </summary>
public sealed record SyncedFields(string? Title, string? Status, string? Owner, string? Priority, string? Description, string? Tags)
{
    /// <summary>The fields in merge order; each is merged independently of the others.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [HistoryFields.Title, HistoryFields.Status, HistoryFields.Owner, HistoryFields.Priority, HistoryFields.Description, HistoryFields.Tags];

    public string? this[string field] => field switch
    {
        HistoryFields.Title => Title,
        HistoryFields.Status => Status,
        HistoryFields.Owner => Owner,
        HistoryFields.Priority => Priority,
        HistoryFields.Description => Description,
        HistoryFields.Tags => Tags,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a synced field"),
    };

    public SyncedFields With(string field, string? value) => field switch
    {
        HistoryFields.Title => this with { Title = value },
        HistoryFields.Status => this with { Status = value },
        HistoryFields.Owner => this with { Owner = value },
        HistoryFields.Priority => this with { Priority = value },
        HistoryFields.Description => this with { Description = value },
        HistoryFields.Tags => this with { Tags = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a synced field"),
    };

    public static SyncedFields? FromSnapshot(LinkSnapshot? snapshot) => snapshot is null
        ? null
        : new SyncedFields(snapshot.Title, snapshot.Status, snapshot.Owner, snapshot.Priority, snapshot.Description,
            JoinTags(snapshot.Tags));

    public LinkSnapshot ToSnapshot() => new()
    {
        Title = Title,
        Status = Status,
        Owner = Owner,
        Priority = Priority,
        Description = Description,
        Tags = SplitTags(Tags),
    };

    /// <summary>
    /// The values a side holds, normalized the way <see cref="ActionItem"/> stores them so that
    /// whitespace or tag order never look like a change. Tags outside <paramref name="targetTags"/> are not mirrored.
    /// </summary>
    public static SyncedFields Normalize(string title, ActionItemStatus? status, string? ownerAccountId, Priority priority,
        string? description, IEnumerable<string> tags, IReadOnlyCollection<string> targetTags) =>
        new(NormalizeTitle(title), status?.ToString(), string.IsNullOrWhiteSpace(ownerAccountId) ? null : ownerAccountId,
            priority.ToString(), NormalizeDescription(description), JoinTags(LimitTags(tags, targetTags)));

    /// <summary>
    /// One line, shortened to <see cref="FieldLimits.ItemTitle"/>: a tracker may hold a longer title than an item can, and
    /// reading both sides this way keeps the shortened local copy from looking like a local edit to push back.
    /// </summary>
    public static string NormalizeTitle(string title) =>
        FieldLimits.Truncate(string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), FieldLimits.ItemTitle);

    /// <summary>Trimmed, shortened to <see cref="FieldLimits.ItemDescription"/> for the same reason as titles.</summary>
    public static string? NormalizeDescription(string? description) =>
        string.IsNullOrWhiteSpace(description)
            ? null
            : FieldLimits.Truncate(description.Trim().ReplaceLineEndings("\n"), FieldLimits.ItemDescription);

    /// <summary>Whether a remote value of <paramref name="field"/> was too long for an item and is kept shortened.</summary>
    public static bool IsShortened(string field, RemoteFields remote) => field switch
    {
        HistoryFields.Title => string.Join(' ', remote.Title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Length > FieldLimits.ItemTitle,
        HistoryFields.Description => remote.Description is { } d && d.Trim().ReplaceLineEndings("\n").Length > FieldLimits.ItemDescription,
        _ => false,
    };

    public static IReadOnlyList<string> LimitTags(IEnumerable<string> tags, IReadOnlyCollection<string> targetTags)
    {
        var allowed = targetTags.Select(NormalizeTag).ToHashSet(StringComparer.Ordinal);
        return [.. tags.Select(NormalizeTag).Where(t => t.Length > 0 && allowed.Contains(t)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    public static string NormalizeTag(string tag) => tag.Trim().ToLowerInvariant();

    public static string? JoinTags(IEnumerable<string> tags)
    {
        var joined = string.Join(',', tags.Select(NormalizeTag).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));
        return joined.Length == 0 ? null : joined;
    }

    public static IReadOnlyList<string> SplitTags(string? tags) =>
        tags is null ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
