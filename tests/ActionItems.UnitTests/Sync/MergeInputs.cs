using ActionItems.Sync.Engine;

namespace ActionItems.UnitTests.Sync;

/// <summary>Merge inputs for the planner and merger tests: one base, and every local field changed at the same time.</summary>
public static class MergeInputs
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly SyncedFields Base = new("Fix alerting", "Open", "PHID-USER-alice", "Medium", "Runbook first", "ops,sre");

    public static MergeInput Of(SyncedFields? baseFields, SyncedFields local, SyncedFields remote, DateTimeOffset? localAt = null,
        DateTimeOffset? remoteAt = null, ConflictPolicy policy = ConflictPolicy.NewestChangeWins, params string[] skipped) => new()
    {
        Base = baseFields,
        Local = local,
        Remote = remote,
        LocalChangedAt = SyncedFields.Names.ToDictionary(f => f, _ => localAt ?? T0),
        RemoteChangedAt = remoteAt ?? T0,
        Policy = policy,
        SkippedFields = skipped.ToHashSet(),
    };
}
