using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// One instance's own status and priority sets (maniphest.status.search / maniphest.priority.search)
/// and the target's project tags (project.search), with the mapping to local statuses and
/// priorities: the target's StatusMap / PriorityMap first, then the defaults below (docs/sync.md). Nothing
/// is sent that the instance does not list: Phorge would accept and store an unknown status
/// (fixture 16), so an unmapped value is refused here with a permanent error.
/// </summary>
public sealed class PhabricatorVocabulary
{
    private static readonly Dictionary<string, ActionItemStatus> DefaultStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["open"] = ActionItemStatus.Open,
        ["progress"] = ActionItemStatus.InProgress,
        ["stalled"] = ActionItemStatus.Stalled,
        ["resolved"] = ActionItemStatus.Resolved,
        ["declined"] = ActionItemStatus.Declined,
        ["wontfix"] = ActionItemStatus.Declined,
        // Stock Phorge's sixth status ("Spite", closed): a task closed that way will not be done.
        ["spite"] = ActionItemStatus.Declined,
        ["invalid"] = ActionItemStatus.Invalid,
        ["duplicate"] = ActionItemStatus.Duplicate,
    };

    private static readonly Dictionary<string, Priority> DefaultPriorities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unbreak"] = Priority.Unbreak,
        ["triage"] = Priority.Unset,
        ["high"] = Priority.High,
        ["normal"] = Priority.Medium,
        ["low"] = Priority.Low,
        ["wishlist"] = Priority.Lowest,
        ["wish"] = Priority.Lowest,
    };

    /// <summary>Stock values, for instances whose priorities carry other keywords.</summary>
    private static readonly Dictionary<int, Priority> DefaultPriorityValues = new()
    {
        [100] = Priority.Unbreak, [90] = Priority.Unset, [80] = Priority.High, [50] = Priority.Medium, [25] = Priority.Low, [0] = Priority.Lowest,
    };

    private readonly SyncTargetOptions _target;
    private readonly Dictionary<string, ActionItemStatus> _statusMap;
    private readonly Dictionary<string, Priority> _priorityMap;

    public PhabricatorVocabulary(SyncTargetOptions target, IReadOnlyList<ConduitStatus> statuses, IReadOnlyList<ConduitPriority> priorities,
        IReadOnlyDictionary<string, string> projectPhidsBySlug)
    {
        _target = target;
        Statuses = statuses;
        Priorities = priorities;
        ProjectPhidsBySlug = projectPhidsBySlug;
        _statusMap = new Dictionary<string, ActionItemStatus>(target.StatusMap, StringComparer.OrdinalIgnoreCase);
        _priorityMap = new Dictionary<string, Priority>(target.PriorityMap, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>When the sets were read from the instance (a mapping miss reloads them, at most every <see cref="PhabricatorConnector.RefreshOnMissAfter"/>).</summary>
    public DateTimeOffset LoadedAt { get; init; }

    /// <summary>Whether the instance's sets, as loaded, contain this status key and priority value.</summary>
    public bool Knows(string remoteStatus, int remotePriority) =>
        Statuses.Any(s => string.Equals(s.Value, remoteStatus, StringComparison.OrdinalIgnoreCase)) && Priorities.Any(p => p.Value == remotePriority);

    /// <summary>Whether this status and priority (null = not sent) have keys on the instance as loaded.</summary>
    public bool CanSend(ActionItemStatus? status, Priority? priority) =>
        (status is not { } s || RemoteStatusOrNull(s) is not null) && (priority is not { } p || RemotePriorityKeywordOrNull(p) is not null);

    public IReadOnlyList<ConduitStatus> Statuses { get; }
    public IReadOnlyList<ConduitPriority> Priorities { get; }

    /// <summary>Configured ProjectTags (lower-case slugs) → project PHIDs.</summary>
    public IReadOnlyDictionary<string, string> ProjectPhidsBySlug { get; }

    /// <summary>Local status of a remote status key, or null when neither the map nor the defaults know it.</summary>
    public ActionItemStatus? LocalStatus(string remoteStatus) =>
        _statusMap.TryGetValue(remoteStatus, out var mapped) ? mapped
        : DefaultStatuses.TryGetValue(remoteStatus, out var fallback) ? fallback
        : null;

    /// <summary>The instance's status key for a local status; refuses (permanent error, nothing sent) when there is none.</summary>
    public string RemoteStatus(ActionItemStatus status) =>
        RemoteStatusOrNull(status) ?? throw new TrackerPermanentException(
            $"{_target.Name}: status {status} has no status on this Phabricator (it has {string.Join(", ", Statuses.Select(s => s.Value))}); " +
            $"add one to Sync:Targets StatusMap. Nothing was sent.", "UNMAPPED-STATUS");

    private string? RemoteStatusOrNull(ActionItemStatus status)
    {
        var candidates = _statusMap.Where(p => p.Value == status).Select(p => p.Key)
            .Concat(DefaultStatuses.Where(p => p.Value == status).Select(p => p.Key));
        foreach (var key in candidates)
        {
            if (Statuses.FirstOrDefault(s => string.Equals(s.Value, key, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                return known.Value;
            }
        }
        return null;
    }

    public Priority LocalPriority(int remoteValue)
    {
        if (Priorities.FirstOrDefault(p => p.Value == remoteValue) is { } known)
        {
            foreach (var keyword in known.Keywords)
            {
                if (_priorityMap.TryGetValue(keyword, out var mapped))
                {
                    return mapped;
                }
            }
            foreach (var keyword in known.Keywords)
            {
                if (DefaultPriorities.TryGetValue(keyword, out var fallback))
                {
                    return fallback;
                }
            }
        }
        return DefaultPriorityValues.GetValueOrDefault(remoteValue, Priority.Unset);
    }

    /// <summary>The keyword maniphest.edit takes for a local priority (an int is rejected, fixture 19).</summary>
    public string RemotePriorityKeyword(Priority priority) =>
        RemotePriorityKeywordOrNull(priority) ?? throw new TrackerPermanentException(
            $"{_target.Name}: priority {priority} has no priority keyword on this Phabricator; add one to Sync:Targets PriorityMap. Nothing was sent.",
            "UNMAPPED-PRIORITY");

    private string? RemotePriorityKeywordOrNull(Priority priority)
    {
        var candidates = _priorityMap.Where(p => p.Value == priority).Select(p => p.Key)
            .Concat(DefaultPriorities.Where(p => p.Value == priority).Select(p => p.Key));
        foreach (var keyword in candidates)
        {
            if (Priorities.Any(p => p.Keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase)))
            {
                return keyword.ToLowerInvariant();
            }
        }
        return null;
    }

    /// <summary>Configured tags among the given project PHIDs, lower-case and sorted.</summary>
    public IReadOnlyList<string> TagsOf(IEnumerable<string> projectPhids)
    {
        var phids = projectPhids.ToHashSet(StringComparer.Ordinal);
        return [.. ProjectPhidsBySlug.Where(p => phids.Contains(p.Value)).Select(p => p.Key).Order(StringComparer.Ordinal)];
    }

    public string ProjectPhid(string tag) =>
        ProjectPhidsBySlug.TryGetValue(tag.ToLowerInvariant(), out var phid)
            ? phid
            : throw new TrackerPermanentException(
                $"{_target.Name}: tag '{tag}' is not one of the target's ProjectTags ({string.Join(", ", ProjectPhidsBySlug.Keys)})", "UNMAPPED-TAG");
}

/// <summary>
/// Keeps each target's <see cref="PhabricatorVocabulary"/> and bot account across connector instances
/// (the factory builds one connector per job run), so a steady-state poll costs one call. Entries
/// live for <see cref="Lifetime"/>; a target whose configuration changes gets a new key. Loads are single
/// flight: jobs that start together (a drain's push jobs, a poll, a webhook pull) share one load instead of
/// each asking the tracker for the same statuses, priorities and projects.
/// </summary>
public sealed class PhabricatorVocabularyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly SingleFlight<PhabricatorVocabulary> _vocabularies = new(clock, Lifetime);
    private readonly SingleFlight<RemoteAccount> _accounts = new(clock, Lifetime);

    public Task<PhabricatorVocabulary> GetAsync(SyncTargetOptions target, Func<Task<PhabricatorVocabulary>> load) =>
        _vocabularies.GetAsync(Key(target), load);

    public Task<RemoteAccount> GetAccountAsync(SyncTargetOptions target, Func<Task<RemoteAccount>> load) =>
        _accounts.GetAsync(Key(target), load);

    /// <summary>Drops <paramref name="stale"/> (if still cached) so the next use loads the instance's sets again.</summary>
    public void Refresh(SyncTargetOptions target, PhabricatorVocabulary stale) => _vocabularies.Forget(Key(target), stale);

    /// <summary>Forgets everything about a target (e.g. after its configuration was reloaded).</summary>
    public void Invalidate(SyncTargetOptions target)
    {
        _vocabularies.Forget(Key(target));
        _accounts.Forget(Key(target));
    }

    // The token is part of the identity (another account may see other projects) but only as a hash.
    private static string Key(SyncTargetOptions target) => string.Join('\n',
        target.Name, target.BaseUrl, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target.Token ?? ""))),
        string.Join(',', target.ProjectTags.Order(StringComparer.OrdinalIgnoreCase)),
        string.Join(',', target.StatusMap.Select(p => $"{p.Key}={p.Value}")), string.Join(',', target.PriorityMap.Select(p => $"{p.Key}={p.Value}")));
}
