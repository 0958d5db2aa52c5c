namespace ActionItems.Sync.Engine;

/// <summary>How a field changed on both sides to different values is decided (the loser is always kept in a conflict).</summary>
public enum ConflictPolicy
{
    /// <summary>The later change wins: local history time vs the remote modification time. Equal times go to the remote.</summary>
    NewestChangeWins,
    LocalWins,
    RemoteWins,
}

public enum FieldAction
{
    /// <summary>Neither side changed, or the field is skipped this round.</summary>
    None,

    /// <summary>Only the local side changed: send it; base := what the remote returns.</summary>
    Push,

    /// <summary>Only the remote side changed (or the base is empty): apply it locally; base := remote.</summary>
    ApplyRemote,

    /// <summary>Both changed to the same value (or an empty base already agrees): base := that value, nothing to send.</summary>
    AgreeOnBase,

    /// <summary>Both changed differently and the local value won: push it, record the remote value as the loser.</summary>
    ConflictLocalWins,

    /// <summary>Both changed differently and the remote value won: apply it, record the local value as the loser.</summary>
    ConflictRemoteWins,

    /// <summary>
    /// Both changed differently and the local value came from another tracker (<see cref="MergeInput.RelayedFields"/>):
    /// two trackers disagree, so neither is written — the item keeps its value, the remote keeps its own, base := remote
    /// (the remote value was seen) — and the conflict waits for a person (resolveConflict).
    /// </summary>
    ConflictHeld,
}

public sealed record FieldDecision(string Field, FieldAction Action, string? Base, string? Local, string? Remote,
    DateTimeOffset? LocalChangedAt, DateTimeOffset RemoteChangedAt)
{
    public bool SendsLocal => Action is FieldAction.Push or FieldAction.ConflictLocalWins;
    public bool AppliesRemote => Action is FieldAction.ApplyRemote or FieldAction.ConflictRemoteWins;
    public bool IsConflict => Action is FieldAction.ConflictLocalWins or FieldAction.ConflictRemoteWins or FieldAction.ConflictHeld;

    /// <summary>Something changed on either side of this field since the base (an open conflict on it is superseded).</summary>
    public bool ChangedSinceBase => Action != FieldAction.None;
}

public sealed record MergeInput
{
    /// <summary>What both sides last agreed on; null for a link that was never filled (remote wins every field).</summary>
    public SyncedFields? Base { get; init; }
    public required SyncedFields Local { get; init; }
    public required SyncedFields Remote { get; init; }

    /// <summary>Time of the latest local history row per field; a field without one counts as changed at the epoch.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LocalChangedAt { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>Remote modification time (dateModified / updated_at).</summary>
    public DateTimeOffset RemoteChangedAt { get; init; }

    public ConflictPolicy Policy { get; init; } = ConflictPolicy.NewestChangeWins;

    /// <summary>Fields left alone this round (e.g. a local owner with no account on the tracker): no push, no apply, base kept.</summary>
    public IReadOnlySet<string> SkippedFields { get; init; } = new HashSet<string>();

    /// <summary>
    /// Fields whose local value was last written by a pull from another tracker of the item (a second linked target):
    /// if this remote changed them too, to something else, the two trackers disagree and the conflict is held
    /// (<see cref="FieldAction.ConflictHeld"/>) instead of the policy overwriting one tracker with the other's value.
    /// </summary>
    public IReadOnlySet<string> RelayedFields { get; init; } = new HashSet<string>();
}

public sealed record MergePlan(IReadOnlyList<FieldDecision> Decisions)
{
    public IEnumerable<FieldDecision> ToSend => Decisions.Where(d => d.SendsLocal);
    public IEnumerable<FieldDecision> ToApply => Decisions.Where(d => d.AppliesRemote);
    public IEnumerable<FieldDecision> Conflicts => Decisions.Where(d => d.IsConflict);
    public bool HasChanges => Decisions.Any(d => d.Action != FieldAction.None);

    /// <summary>
    /// The base after this plan, assuming every push succeeds with the values sent (the engine replaces
    /// pushed fields with what the remote returned).
    /// </summary>
    public SyncedFields NewBase(SyncedFields? oldBase, SyncedFields remote)
    {
        var result = oldBase ?? remote;
        foreach (var decision in Decisions)
        {
            result = decision.Action switch
            {
                FieldAction.Push or FieldAction.ConflictLocalWins or FieldAction.AgreeOnBase => result.With(decision.Field, decision.Local),
                FieldAction.ApplyRemote or FieldAction.ConflictRemoteWins or FieldAction.ConflictHeld => result.With(decision.Field, decision.Remote),
                _ => result,
            };
        }
        return result;
    }
}

/// <summary>
/// The per-field three-way merge of docs/sync.md, with no I/O: given base, local and remote values it
/// says, field by field, what to send, what to apply and what conflicts. Fields are independent.
/// </summary>
public static class MergePlanner
{
    public static MergePlan Plan(MergeInput input)
    {
        var decisions = new List<FieldDecision>(SyncedFields.Names.Count);
        foreach (var field in SyncedFields.Names)
        {
            var local = input.Local[field];
            var remote = input.Remote[field];
            var baseValue = input.Base?[field];
            DateTimeOffset? localAt = input.LocalChangedAt.TryGetValue(field, out var at) ? at : null;
            var action = input.SkippedFields.Contains(field) ? FieldAction.None : Decide(input, field, baseValue, local, remote, localAt);
            decisions.Add(new FieldDecision(field, action, baseValue, local, remote, localAt, input.RemoteChangedAt));
        }
        return new MergePlan(decisions);
    }

    private static FieldAction Decide(MergeInput input, string field, string? baseValue, string? local, string? remote,
        DateTimeOffset? localAt)
    {
        if (input.Base is null)
        {
            // A link from a postmortem reference: the task is the record, our values were only read from a document.
            return Same(local, remote) ? FieldAction.AgreeOnBase : FieldAction.ApplyRemote;
        }
        var localChanged = !Same(local, baseValue);
        var remoteChanged = !Same(remote, baseValue);
        return (localChanged, remoteChanged) switch
        {
            (false, false) => FieldAction.None,
            (true, false) => FieldAction.Push,
            (false, true) => FieldAction.ApplyRemote,
            _ when Same(local, remote) => FieldAction.AgreeOnBase,
            _ when input.RelayedFields.Contains(field) => FieldAction.ConflictHeld,
            _ => LocalWins(input.Policy, localAt ?? DateTimeOffset.UnixEpoch, input.RemoteChangedAt)
                ? FieldAction.ConflictLocalWins
                : FieldAction.ConflictRemoteWins,
        };
    }

    /// <summary>
    /// Newest change wins; on a tie the remote value stays, because it is what people working in the
    /// tracker already see (the local value is kept in the conflict, so nothing is lost either way).
    /// </summary>
    private static bool LocalWins(ConflictPolicy policy, DateTimeOffset localAt, DateTimeOffset remoteAt) => policy switch
    {
        ConflictPolicy.LocalWins => true,
        ConflictPolicy.RemoteWins => false,
        _ => localAt > remoteAt,
    };

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);
}
