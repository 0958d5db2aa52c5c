using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using static ActionItems.UnitTests.Sync.MergeInputs;

namespace ActionItems.UnitTests.Sync;

/// <summary>What one merge of a link decides: the new base, the update to send, what to apply and which conflicts to record.</summary>
public class SyncMergerTests
{
    private static MergeResult Merge(SyncedFields? baseFields, SyncedFields local, SyncedFields remote, DateTimeOffset? localAt = null,
        params string[] skipped) =>
        SyncMerger.Merge(Of(baseFields, local, remote, localAt, skipped: skipped));

    [Fact]
    public void Nothing_changed_sends_nothing_applies_nothing_and_keeps_the_base()
    {
        var merge = Merge(Base, Base, Base);

        Assert.True(merge.ToSend.IsEmpty);
        Assert.Empty(merge.Sent);
        Assert.Empty(merge.ToApply);
        Assert.Empty(merge.ChangedFields);
        Assert.Equal(Base, merge.NewBase);
    }

    [Fact]
    public void Local_changes_become_one_update_with_only_the_changed_fields()
    {
        var merge = Merge(Base, Base with { Title = "Fix paging", Tags = "ops,security" }, Base);

        Assert.Equal("Fix paging", merge.ToSend.Title);
        Assert.Equal(["security"], merge.ToSend.TagsToAdd);
        Assert.Equal(["sre"], merge.ToSend.TagsToRemove);
        Assert.Equal((ActionItemStatus?)null, merge.ToSend.Status);
        Assert.Equal((Priority?)null, merge.ToSend.Priority);
        Assert.Null(merge.ToSend.Description);
        Assert.False(merge.ToSend.ClearOwner);
        Assert.Equal([HistoryFields.Title, HistoryFields.Tags], merge.Sent.Select(d => d.Field));
        Assert.Empty(merge.ToApply);
    }

    [Fact]
    public void Remote_changes_are_applied_and_become_the_base_without_sending_anything()
    {
        var remote = Base with { Status = "Resolved" };

        var merge = Merge(Base, Base, remote);

        Assert.Equal([(HistoryFields.Status, (string?)"Resolved")], merge.ToApply.Select(d => (d.Field, d.Remote)));
        Assert.True(merge.ToSend.IsEmpty);
        Assert.Equal(remote, merge.NewBase);
    }

    [Fact]
    public void The_base_after_a_push_takes_what_the_remote_answered_for_the_fields_sent_only()
    {
        var merge = Merge(Base, Base with { Title = "Fix paging" }, Base);
        var answered = Base with { Title = "Fix paging (edited by the tracker)", Priority = "High" };

        var baseAfterPush = merge.BaseAfterPush(answered);

        Assert.Equal(Base with { Title = "Fix paging (edited by the tracker)" }, baseAfterPush);
    }

    [Fact]
    public void A_skipped_field_keeps_its_old_base_and_is_neither_sent_nor_applied()
    {
        var merge = Merge(Base, Base with { Owner = "PHID-USER-carol" }, Base with { Owner = "PHID-USER-bob" }, skipped: HistoryFields.Owner);

        Assert.Equal("PHID-USER-alice", merge.NewBase.Owner);
        Assert.True(merge.ToSend.IsEmpty);
        Assert.Empty(merge.ToApply);
        Assert.Empty(merge.Conflicts);
    }

    [Fact]
    public void On_a_first_fill_a_skipped_field_takes_the_remote_value_as_base_without_applying_it()
    {
        var local = new SyncedFields("From the postmortem", "Open", null, "Unset", null, null);
        var remote = new SyncedFields("Task title", "Resolved", "PHID-USER-ghost", "High", null, "sre");

        var merge = Merge(null, local, remote, skipped: HistoryFields.Owner);

        Assert.Equal(remote, merge.NewBase);
        Assert.Equal([HistoryFields.Title, HistoryFields.Status, HistoryFields.Priority, HistoryFields.Tags], merge.ToApply.Select(d => d.Field));
        Assert.True(merge.ToSend.IsEmpty);
    }

    [Fact]
    public void A_conflict_won_by_the_newer_local_change_is_sent_and_recorded_with_both_values()
    {
        var merge = Merge(Base, Base with { Status = "Resolved" }, Base with { Status = "Declined" }, localAt: T0.AddMinutes(5));

        var conflict = Assert.Single(merge.Conflicts);
        Assert.Equal((HistoryFields.Status, FieldAction.ConflictLocalWins, (string?)"Resolved", (string?)"Declined"),
            (conflict.Field, conflict.Action, conflict.Local, conflict.Remote));
        Assert.Equal(ActionItemStatus.Resolved, merge.ToSend.Status);
        Assert.Equal("Resolved", merge.NewBase.Status);
        Assert.Empty(merge.ToApply);
    }

    [Fact]
    public void A_conflict_won_by_the_remote_change_is_applied_and_recorded_without_sending()
    {
        var merge = Merge(Base, Base with { Priority = "High" }, Base with { Priority = "Low" }, localAt: T0.AddMinutes(-5));

        Assert.Equal(FieldAction.ConflictRemoteWins, Assert.Single(merge.Conflicts).Action);
        Assert.Equal([HistoryFields.Priority], merge.ToApply.Select(d => d.Field));
        Assert.True(merge.ToSend.IsEmpty);
        Assert.Equal("Low", merge.NewBase.Priority);
    }

    [Fact]
    public void Changed_fields_are_those_changed_on_either_side_so_their_open_conflicts_are_superseded()
    {
        var merge = Merge(Base, Base with { Title = "Fix paging" }, Base with { Description = "Dashboards first" });

        Assert.True(merge.ChangedFields.SetEquals([HistoryFields.Title, HistoryFields.Description]));
    }

    [Theory]
    [InlineData(false, false, TrackerLinkState.Linked)]
    [InlineData(false, true, TrackerLinkState.Diverged)]
    [InlineData(true, false, TrackerLinkState.Conflict)]
    [InlineData(true, true, TrackerLinkState.Conflict)]
    public void A_merged_link_is_Linked_only_when_every_field_agrees_and_an_open_conflict_wins_over_fields_that_cannot_agree(
        bool hasOpenConflicts, bool hasFieldsThatCannotAgree, TrackerLinkState expected) =>
        Assert.Equal(expected, SyncEngine.StateAfterMerge(hasOpenConflicts, hasFieldsThatCannotAgree));
}
