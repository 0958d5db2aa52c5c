namespace ActionItems.Sync.Engine;

/// <summary>
/// Everything one merge of a link decides, before anything is written or sent: the remote values to apply
/// locally, the update to send, the base to store and the conflicts to record.
/// </summary>
public sealed record MergeResult(MergePlan Plan, SyncedFields NewBase, RemoteFieldChanges ToSend)
{
    public IReadOnlyList<FieldDecision> ToApply { get; } = [.. Plan.ToApply];
    public IReadOnlyList<FieldDecision> Sent { get; } = [.. Plan.ToSend];
    public IReadOnlyList<FieldDecision> Conflicts { get; } = [.. Plan.Conflicts];

    /// <summary>Fields that changed on either side since the base: an open conflict on one of them is superseded.</summary>
    public IReadOnlySet<string> ChangedFields { get; } = Plan.Decisions.Where(d => d.ChangedSinceBase).Select(d => d.Field).ToHashSet();

    /// <summary>
    /// The base once the update was sent: what the remote answered for each field sent, so the next pull compares
    /// against it and sees no echo.
    /// </summary>
    public SyncedFields BaseAfterPush(SyncedFields returned) =>
        Sent.Aggregate(NewBase, (result, decision) => result.With(decision.Field, returned[decision.Field]));
}

/// <summary>
/// The three-way merge of one link with no I/O: <see cref="MergePlanner"/> decides each field, this turns the
/// decisions into the new base and the update to send.
/// </summary>
public static class SyncMerger
{
    public static MergeResult Merge(MergeInput input)
    {
        var plan = MergePlanner.Plan(input);
        // A skipped field is decided None, so it keeps its old base (or, on a first fill, the remote value it could not apply).
        var newBase = plan.NewBase(input.Base, input.Remote);
        var toSend = SyncedFieldMap.ToRemoteChanges(plan.ToSend.Select(d => d.Field), input.Local, input.Remote);
        return new MergeResult(plan, newBase, toSend);
    }
}
