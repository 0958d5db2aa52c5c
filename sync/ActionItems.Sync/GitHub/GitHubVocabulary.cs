using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// How an issue's state, state reason and labels read as local status, priority and tags, and back (docs/sync.md,
/// "GitHub issues"). GitHub has only open/closed with a close reason, so the finer statuses live in <c>status:*</c>
/// labels and priorities in <c>priority:*</c> labels. The status key of an issue is, when open, its status label that
/// maps to an open status (<c>in-progress</c>, <c>stalled</c>) else <c>open</c>; when closed, its status label that maps
/// to a closed status (<c>invalid</c>, <c>duplicate</c>…) else its <c>state_reason</c> (<c>completed</c>, <c>not_planned</c>,
/// <c>duplicate</c>; none reads as <c>completed</c>). The target's <c>StatusMap</c>/<c>PriorityMap</c> come first.
/// Labels we own: the mapped <c>status:*</c> and <c>priority:*</c> labels and the target's <c>ProjectTags</c>; every
/// other label of an issue is someone else's and is never removed.
/// </summary>
public sealed class GitHubVocabulary(SyncTargetOptions target)
{
    public const string StatusLabelPrefix = "status:";
    public const string PriorityLabelPrefix = "priority:";

    public static IReadOnlyDictionary<string, ActionItemStatus> DefaultStatuses { get; } = new Dictionary<string, ActionItemStatus>(StringComparer.OrdinalIgnoreCase)
    {
        ["open"] = ActionItemStatus.Open,
        ["in-progress"] = ActionItemStatus.InProgress,
        ["stalled"] = ActionItemStatus.Stalled,
        ["completed"] = ActionItemStatus.Resolved,
        ["resolved"] = ActionItemStatus.Resolved,
        ["not_planned"] = ActionItemStatus.Declined,
        ["declined"] = ActionItemStatus.Declined,
        ["invalid"] = ActionItemStatus.Invalid,
        ["duplicate"] = ActionItemStatus.Duplicate,
    };

    public static IReadOnlyDictionary<string, Priority> DefaultPriorities { get; } = new Dictionary<string, Priority>(StringComparer.OrdinalIgnoreCase)
    {
        ["unbreak"] = Priority.Unbreak,
        ["critical"] = Priority.Unbreak,
        ["high"] = Priority.High,
        ["medium"] = Priority.Medium,
        ["normal"] = Priority.Medium,
        ["low"] = Priority.Low,
        ["lowest"] = Priority.Lowest,
        ["wishlist"] = Priority.Lowest,
    };

    private readonly HashSet<string> _projectTags = target.ProjectTags.Select(SyncedFields.NormalizeTag).ToHashSet(StringComparer.Ordinal);

    public static bool IsOpenStatus(ActionItemStatus status) => status is ActionItemStatus.Open or ActionItemStatus.InProgress or ActionItemStatus.Stalled;

    public ActionItemStatus? LocalStatus(string key) =>
        target.StatusMap.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)) is { Key: not null } configured
            ? configured.Value
            : DefaultStatuses.TryGetValue(key, out var status) ? status : null;

    public Priority? LocalPriority(string keyword) =>
        target.PriorityMap.FirstOrDefault(e => string.Equals(e.Key, keyword, StringComparison.OrdinalIgnoreCase)) is { Key: not null } configured
            ? configured.Value
            : DefaultPriorities.TryGetValue(keyword, out var priority) ? priority : null;

    /// <summary>The status key (see the class summary); <paramref name="stateReason"/> is GitHub's raw string.</summary>
    public string StatusKey(bool open, string? stateReason, IEnumerable<string> labels)
    {
        foreach (var key in LabelValues(labels, StatusLabelPrefix))
        {
            if (LocalStatus(key) is { } status && IsOpenStatus(status) == open && !(open && status == ActionItemStatus.Open))
            {
                return key.ToLowerInvariant();
            }
        }
        return open ? "open" : string.IsNullOrEmpty(stateReason) || stateReason == "reopened" ? "completed" : stateReason.ToLowerInvariant();
    }

    /// <summary>The highest priority among the mapped <c>priority:*</c> labels; Unset without one.</summary>
    public Priority PriorityOf(IEnumerable<string> labels) =>
        LabelValues(labels, PriorityLabelPrefix).Select(LocalPriority).OfType<Priority>().DefaultIfEmpty(Priority.Unset).Max();

    /// <summary>The target's project tags among the labels, normalized and sorted.</summary>
    public IReadOnlyList<string> TagsOf(IEnumerable<string> labels) => SyncedFields.LimitTags(labels, target.ProjectTags);

    /// <summary>Whether we manage this label (it is ours to add and remove).</summary>
    public bool Owns(string label)
    {
        var normalized = SyncedFields.NormalizeTag(label);
        if (_projectTags.Contains(normalized))
        {
            return true;
        }
        if (normalized.StartsWith(StatusLabelPrefix, StringComparison.Ordinal))
        {
            return LocalStatus(normalized[StatusLabelPrefix.Length..]) is not null;
        }
        return normalized.StartsWith(PriorityLabelPrefix, StringComparison.Ordinal) && LocalPriority(normalized[PriorityLabelPrefix.Length..]) is not null;
    }

    /// <summary>
    /// What a local status is on GitHub: open or closed, the close reason Octokit can send (<c>completed</c> or
    /// <c>not_planned</c>), and the status label that refines it (null for the plain ones).
    /// </summary>
    public (bool Open, string? StateReason, string? Label) RemoteStatus(ActionItemStatus status)
    {
        var (open, reason, defaultKey) = status switch
        {
            ActionItemStatus.Open => (true, null, null),
            ActionItemStatus.InProgress => (true, null, "in-progress"),
            ActionItemStatus.Stalled => (true, null, "stalled"),
            ActionItemStatus.Resolved => (false, "completed", null),
            ActionItemStatus.Declined => (false, "not_planned", null),
            ActionItemStatus.Invalid => (false, "not_planned", "invalid"),
            // Octokit 14 cannot send state_reason "duplicate" (its enum lacks it): a label says it.
            ActionItemStatus.Duplicate => (false, "not_planned", "duplicate"),
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
        };
        // A configured key for this status (StatusMap) names its label instead of the default one.
        var configured = target.StatusMap.Where(e => e.Value == status).Select(e => e.Key)
            .FirstOrDefault(k => !string.Equals(k, "open", StringComparison.OrdinalIgnoreCase) && !DefaultStatuses.ContainsKey(k));
        return (open, reason, defaultKey is null && configured is null ? null : StatusLabelPrefix + (configured ?? defaultKey)!.ToLowerInvariant());
    }

    /// <summary>The label for a priority (a configured keyword first), null for Unset.</summary>
    public string? PriorityLabel(Priority priority)
    {
        if (priority == Priority.Unset)
        {
            return null;
        }
        var keyword = target.PriorityMap.Where(e => e.Value == priority).Select(e => e.Key).FirstOrDefault()
                      ?? priority.ToString().ToLowerInvariant();
        return PriorityLabelPrefix + keyword.ToLowerInvariant();
    }

    /// <summary>
    /// The labels an issue should carry: its labels we do not own, kept as they are, plus ours for the given status,
    /// priority and tags.
    /// </summary>
    public IReadOnlyList<string> MergeLabels(IEnumerable<string> current, ActionItemStatus status, Priority priority, IEnumerable<string> tags)
    {
        var labels = current.Where(l => !Owns(l)).ToList();
        if (RemoteStatus(status).Label is { } statusLabel)
        {
            labels.Add(statusLabel);
        }
        if (PriorityLabel(priority) is { } priorityLabel)
        {
            labels.Add(priorityLabel);
        }
        labels.AddRange(tags.Select(SyncedFields.NormalizeTag));
        return [.. labels.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static IEnumerable<string> LabelValues(IEnumerable<string> labels, string prefix) =>
        labels.Select(l => l.Trim()).Where(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && l.Length > prefix.Length)
            .Select(l => l[prefix.Length..].Trim());
}
