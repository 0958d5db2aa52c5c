using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using static ActionItems.UnitTests.Sync.MergeInputs;

namespace ActionItems.UnitTests.Sync;

/// <summary>Every row of the merge table in docs/sync.md, per field, plus field independence, empty base and policy ties.</summary>
public class MergePlannerTests
{
    /// <summary>For each field: a value different from the base, and a third value different from both.</summary>
    public static TheoryData<string, string, string> Fields => new()
    {
        { HistoryFields.Title, "Fix paging", "Fix alerting and paging" },
        { HistoryFields.Status, "InProgress", "Resolved" },
        { HistoryFields.Owner, "PHID-USER-bob", "PHID-USER-carol" },
        { HistoryFields.Priority, "High", "Low" },
        { HistoryFields.Description, "Dashboards first", "Alerts first" },
        { HistoryFields.Tags, "ops", "ops,sre,security" },
    };

    private static MergePlan Plan(SyncedFields? baseFields, SyncedFields local, SyncedFields remote,
        DateTimeOffset? localAt = null, DateTimeOffset? remoteAt = null, ConflictPolicy policy = ConflictPolicy.NewestChangeWins,
        params string[] skipped) =>
        MergePlanner.Plan(Of(baseFields, local, remote, localAt, remoteAt, policy, skipped));

    private static FieldDecision Decision(MergePlan plan, string field) => plan.Decisions.Single(d => d.Field == field);

    [Fact]
    public void Unchanged_on_both_sides_does_nothing()
    {
        var plan = Plan(Base, Base, Base);

        Assert.All(plan.Decisions, d => Assert.Equal(FieldAction.None, d.Action));
        Assert.False(plan.HasChanges);
        Assert.Equal(Base, plan.NewBase(Base, Base));
    }

    [Theory, MemberData(nameof(Fields))]
    public void Only_local_changed_pushes_local_and_base_becomes_local(string field, string changed, string _)
    {
        var local = Base.With(field, changed);

        var plan = Plan(Base, local, Base);

        Assert.Equal(FieldAction.Push, Decision(plan, field).Action);
        Assert.Equal([field], plan.ToSend.Select(d => d.Field));
        Assert.Empty(plan.ToApply);
        Assert.Equal(local, plan.NewBase(Base, Base));
    }

    [Theory, MemberData(nameof(Fields))]
    public void Only_remote_changed_applies_remote_and_base_becomes_remote(string field, string changed, string _)
    {
        var remote = Base.With(field, changed);

        var plan = Plan(Base, Base, remote);

        Assert.Equal(FieldAction.ApplyRemote, Decision(plan, field).Action);
        Assert.Equal([field], plan.ToApply.Select(d => d.Field));
        Assert.Empty(plan.ToSend);
        Assert.Equal(remote, plan.NewBase(Base, remote));
    }

    [Theory, MemberData(nameof(Fields))]
    public void Both_changed_to_the_same_value_only_moves_the_base(string field, string changed, string _)
    {
        var both = Base.With(field, changed);

        var plan = Plan(Base, both, both);

        Assert.Equal(FieldAction.AgreeOnBase, Decision(plan, field).Action);
        Assert.Empty(plan.ToSend);
        Assert.Empty(plan.ToApply);
        Assert.Empty(plan.Conflicts);
        Assert.Equal(both, plan.NewBase(Base, both));
    }

    [Theory, MemberData(nameof(Fields))]
    public void Both_changed_differently_with_a_newer_local_change_pushes_local_and_keeps_remote_as_the_loser(string field, string localValue,
        string remoteValue)
    {
        var local = Base.With(field, localValue);
        var remote = Base.With(field, remoteValue);

        var plan = Plan(Base, local, remote, localAt: T0.AddMinutes(5), remoteAt: T0);

        var decision = Decision(plan, field);
        Assert.Equal(FieldAction.ConflictLocalWins, decision.Action);
        Assert.Equal((localValue, remoteValue, T0.AddMinutes(5), T0), (decision.Local, decision.Remote, decision.LocalChangedAt, decision.RemoteChangedAt));
        Assert.Equal([field], plan.ToSend.Select(d => d.Field));
        Assert.Equal(local, plan.NewBase(Base, remote));
    }

    [Theory, MemberData(nameof(Fields))]
    public void Both_changed_differently_with_a_newer_remote_change_applies_remote_and_keeps_local_as_the_loser(string field,
        string localValue, string remoteValue)
    {
        var local = Base.With(field, localValue);
        var remote = Base.With(field, remoteValue);

        var plan = Plan(Base, local, remote, localAt: T0, remoteAt: T0.AddSeconds(1));

        Assert.Equal(FieldAction.ConflictRemoteWins, Decision(plan, field).Action);
        Assert.Equal([field], plan.ToApply.Select(d => d.Field));
        Assert.Equal([field], plan.Conflicts.Select(d => d.Field));
        Assert.Equal(remote, plan.NewBase(Base, remote));
    }

    [Theory, MemberData(nameof(Fields))]
    public void Both_changed_differently_when_the_local_value_came_from_another_tracker_is_held_writing_neither_side(string field,
        string localValue, string remoteValue)
    {
        var local = Base.With(field, localValue);
        var remote = Base.With(field, remoteValue);

        foreach (var policy in Enum.GetValues<ConflictPolicy>())
        {
            var plan = MergePlanner.Plan(Of(Base, local, remote, T0.AddHours(1), T0, policy) with { RelayedFields = new HashSet<string> { field } });

            Assert.Equal(FieldAction.ConflictHeld, Decision(plan, field).Action);
            Assert.Equal([field], plan.Conflicts.Select(d => d.Field));
            Assert.Empty(plan.ToApply);
            Assert.Empty(plan.ToSend);
            // The remote value was seen: the next merge finds only the local side changed, which the held conflict keeps back.
            Assert.Equal(remote, plan.NewBase(Base, remote));
        }
    }

    [Fact]
    public void A_field_relayed_from_another_tracker_merges_as_usual_when_this_remote_did_not_change_it()
    {
        var relayed = new HashSet<string> { HistoryFields.Priority };

        var pushed = MergePlanner.Plan(Of(Base, Base with { Priority = "High" }, Base) with { RelayedFields = relayed });
        var agreed = MergePlanner.Plan(Of(Base, Base with { Priority = "High" }, Base with { Priority = "High" }) with { RelayedFields = relayed });

        Assert.Equal(FieldAction.Push, Decision(pushed, HistoryFields.Priority).Action);
        Assert.Equal(FieldAction.AgreeOnBase, Decision(agreed, HistoryFields.Priority).Action);
    }

    [Fact]
    public void A_tie_in_change_times_keeps_the_remote_value()
    {
        var plan = Plan(Base, Base with { Status = "Resolved" }, Base with { Status = "Declined" }, localAt: T0, remoteAt: T0);

        Assert.Equal(FieldAction.ConflictRemoteWins, Decision(plan, HistoryFields.Status).Action);
    }

    [Theory]
    [InlineData(ConflictPolicy.LocalWins, FieldAction.ConflictLocalWins)]
    [InlineData(ConflictPolicy.RemoteWins, FieldAction.ConflictRemoteWins)]
    public void A_fixed_policy_ignores_change_times(ConflictPolicy policy, FieldAction expected)
    {
        var newerLocal = Plan(Base, Base with { Priority = "High" }, Base with { Priority = "Low" }, T0.AddHours(1), T0, policy);
        var newerRemote = Plan(Base, Base with { Priority = "High" }, Base with { Priority = "Low" }, T0, T0.AddHours(1), policy);

        Assert.Equal(expected, Decision(newerLocal, HistoryFields.Priority).Action);
        Assert.Equal(expected, Decision(newerRemote, HistoryFields.Priority).Action);
    }

    [Fact]
    public void A_local_field_never_changed_counts_as_older_than_any_remote_change()
    {
        var plan = MergePlanner.Plan(new MergeInput
        {
            Base = Base,
            Local = Base with { Title = "Local title" },
            Remote = Base with { Title = "Remote title" },
            RemoteChangedAt = T0,
        });

        Assert.Equal(FieldAction.ConflictRemoteWins, Decision(plan, HistoryFields.Title).Action);
    }

    [Fact]
    public void Fields_are_independent_a_local_title_and_a_remote_status_merge_cleanly()
    {
        var local = Base with { Title = "Fix paging" };
        var remote = Base with { Status = "Resolved" };

        var plan = Plan(Base, local, remote);

        Assert.Equal(FieldAction.Push, Decision(plan, HistoryFields.Title).Action);
        Assert.Equal(FieldAction.ApplyRemote, Decision(plan, HistoryFields.Status).Action);
        Assert.Empty(plan.Conflicts);
        Assert.Equal(Base with { Title = "Fix paging", Status = "Resolved" }, plan.NewBase(Base, remote));
    }

    [Fact]
    public void A_conflict_on_one_field_leaves_the_other_fields_to_the_table()
    {
        var local = Base with { Status = "Resolved", Owner = "PHID-USER-bob" };
        var remote = Base with { Status = "Declined", Priority = "High" };

        var plan = Plan(Base, local, remote, localAt: T0.AddMinutes(1));

        Assert.Equal(
            [FieldAction.None, FieldAction.ConflictLocalWins, FieldAction.Push, FieldAction.ApplyRemote, FieldAction.None, FieldAction.None],
            plan.Decisions.Select(d => d.Action));
    }

    [Fact]
    public void An_empty_base_takes_every_remote_value_without_conflicts()
    {
        var local = new SyncedFields("From the postmortem", "Open", null, "Unset", "Text from the document", null);
        var remote = new SyncedFields("Task title", "Resolved", "PHID-USER-alice", "High", null, "sre");

        var plan = Plan(null, local, remote, localAt: T0.AddDays(1), remoteAt: T0);

        Assert.All(plan.Decisions, d => Assert.Equal(FieldAction.ApplyRemote, d.Action));
        Assert.Empty(plan.Conflicts);
        Assert.Equal(remote, plan.NewBase(null, remote));
    }

    [Fact]
    public void An_empty_base_with_values_already_equal_only_records_them_as_base()
    {
        var plan = Plan(null, Base, Base with { Title = "Other" });

        Assert.Equal(FieldAction.ApplyRemote, Decision(plan, HistoryFields.Title).Action);
        Assert.All(plan.Decisions.Where(d => d.Field != HistoryFields.Title), d => Assert.Equal(FieldAction.AgreeOnBase, d.Action));
        Assert.Empty(plan.ToSend);
    }

    [Fact]
    public void A_skipped_field_is_neither_pushed_nor_applied()
    {
        var plan = Plan(Base, Base with { Owner = null }, Base with { Owner = "PHID-USER-bob" }, skipped: HistoryFields.Owner);

        Assert.Equal(FieldAction.None, Decision(plan, HistoryFields.Owner).Action);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Clearing_a_value_locally_is_a_change_like_any_other()
    {
        var plan = Plan(Base, Base with { Owner = null, Description = null }, Base);

        Assert.Equal([HistoryFields.Owner, HistoryFields.Description], plan.ToSend.Select(d => d.Field));
    }

    [Fact]
    public void Normalizing_ignores_whitespace_tag_order_case_and_tags_the_target_does_not_map()
    {
        var a = SyncedFields.Normalize("  Fix\n alerting ", ActionItemStatus.Open, "", Priority.High, "  Text\r\n ", ["SRE", "ops", "other"],
            ["ops", "sre"]);
        var b = SyncedFields.Normalize("Fix alerting", ActionItemStatus.Open, null, Priority.High, "Text", ["sre", "ops"], ["OPS", "sre"]);

        Assert.Equal(b, a);
        Assert.Equal("ops,sre", a.Tags);
        Assert.Null(a.Owner);
    }

    [Fact]
    public void Snapshots_round_trip_through_the_comparable_form()
    {
        var snapshot = Base.ToSnapshot();

        Assert.Equal(["ops", "sre"], snapshot.Tags);
        Assert.Equal(Base, SyncedFields.FromSnapshot(snapshot));
    }
}
