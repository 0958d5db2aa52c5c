using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;

namespace ActionItems.UnitTests.Sync;

/// <summary>The one rule for reading, writing and sending each synced field.</summary>
public class SyncedFieldMapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] ProjectTags = ["ops", "sre"];
    private static readonly Person Bob = new() { Id = 7, DisplayName = "Bob", PhabricatorPhid = "PHID-USER-bob" };
    private static readonly Change FromTracker = new("alice", ChangeOrigin.Phabricator, T0.AddHours(1));

    private static readonly SyncedFieldContext Context =
        new(ProjectTags, account => account == Bob.PhabricatorPhid ? Bob : null);

    private static ActionItem NewItem()
    {
        var item = ActionItem.Create(1, "Fix alerting", new Change("importer", ChangeOrigin.Import, T0), "Runbook first");
        item.SetTags(["customer", "ops"], new Change("importer", ChangeOrigin.Import, T0));
        return item;
    }

    private static SyncedFields ReadBack(ActionItem item) => SyncedFieldMap.Read(item, item.Owner?.PhabricatorPhid, ProjectTags);

    /// <summary>For each synced field, a value different from what <see cref="NewItem"/> holds.</summary>
    public static TheoryData<string, string> NewValues => new()
    {
        { HistoryFields.Title, "Fix paging" },
        { HistoryFields.Status, "Resolved" },
        { HistoryFields.Owner, "PHID-USER-bob" },
        { HistoryFields.Priority, "High" },
        { HistoryFields.Description, "Dashboards first" },
        { HistoryFields.Tags, "ops,sre" },
    };

    [Theory, MemberData(nameof(NewValues))]
    public void Applying_a_value_writes_it_with_history_carrying_the_given_actor_origin_and_time(string field, string value)
    {
        var item = NewItem();

        var error = SyncedFieldMap.Apply(item, field, value, FromTracker, Context);

        Assert.Null(error);
        Assert.Equal(value, ReadBack(item)[field]);
        var row = Assert.Single(item.History, h => h.Field == field && h.At == FromTracker.At);
        Assert.Equal(("alice", ChangeOrigin.Phabricator), (row.Actor, row.Origin));
    }

    [Fact]
    public void The_map_covers_every_synced_field()
    {
        Assert.Equal(SyncedFields.Names.Order(), NewValues.Select(row => (string)row[0]).Order());
    }

    [Fact]
    public void Applying_tags_replaces_only_the_targets_tags_and_keeps_the_others()
    {
        var item = NewItem();

        SyncedFieldMap.Apply(item, HistoryFields.Tags, "sre", FromTracker, Context);

        Assert.Equal(["customer", "sre"], item.Tags);
    }

    [Fact]
    public void Applying_an_owner_finds_the_person_through_the_resolver()
    {
        var item = NewItem();

        SyncedFieldMap.Apply(item, HistoryFields.Owner, "PHID-USER-bob", FromTracker, Context);

        Assert.Equal(Bob.Id, item.OwnerId);
        Assert.Same(Bob, item.Owner);
    }

    [Fact]
    public void Applying_no_owner_unassigns_the_item()
    {
        var item = NewItem();
        SyncedFieldMap.Apply(item, HistoryFields.Owner, "PHID-USER-bob", FromTracker, Context);

        var error = SyncedFieldMap.Apply(item, HistoryFields.Owner, null, FromTracker with { At = T0.AddHours(2) }, Context);

        Assert.Null(error);
        Assert.Null(item.OwnerId);
    }

    [Theory]
    [InlineData(HistoryFields.Owner, "PHID-USER-nobody")]
    [InlineData(HistoryFields.Status, "Done")]
    [InlineData(HistoryFields.Status, "3")]
    [InlineData(HistoryFields.Status, null)]
    [InlineData(HistoryFields.Priority, "Urgent")]
    [InlineData(HistoryFields.Priority, "4")]
    [InlineData(HistoryFields.Title, " ")]
    [InlineData(HistoryFields.Team, "sre")]
    public void A_value_that_cannot_be_applied_is_an_error_and_changes_nothing(string field, string? value)
    {
        var item = NewItem();
        var before = (ReadBack(item), item.History.Count, item.UpdatedAt);

        var error = SyncedFieldMap.Apply(item, field, value, FromTracker, Context);

        Assert.NotNull(error);
        Assert.Equal(before, (ReadBack(item), item.History.Count, item.UpdatedAt));
    }

    [Fact]
    public void Reading_an_item_normalizes_like_the_remote_side_and_mirrors_only_the_targets_tags()
    {
        var item = NewItem();

        var local = SyncedFieldMap.Read(item, "PHID-USER-bob", ProjectTags);

        Assert.Equal(new SyncedFields("Fix alerting", "Open", "PHID-USER-bob", "Unset", "Runbook first", "ops"), local);
        Assert.Equal(local, SyncedFieldMap.ReadRemote(new RemoteFields
        {
            Title = " Fix\nalerting ",
            Status = ActionItemStatus.Open,
            OwnerAccountId = "PHID-USER-bob",
            Description = "Runbook first\r\n",
            Tags = ["ops", "security"],
        }, ProjectTags, syncAccountId: "PHID-USER-syncbot"));
    }

    [Fact]
    public void The_sync_account_as_remote_owner_reads_as_no_owner_and_any_other_account_as_itself()
    {
        var assignedToBot = new RemoteFields { Title = "Fix alerting", Status = ActionItemStatus.Resolved, OwnerAccountId = "PHID-USER-syncbot" };

        Assert.Null(SyncedFieldMap.ReadRemote(assignedToBot, ProjectTags, syncAccountId: "PHID-USER-syncbot").Owner);
        Assert.Equal("PHID-USER-syncbot", SyncedFieldMap.ReadRemote(assignedToBot, ProjectTags, syncAccountId: "PHID-USER-other").Owner);
        Assert.Equal("PHID-USER-bob", SyncedFieldMap.RemoteOwner("PHID-USER-bob", "PHID-USER-syncbot"));
    }

    [Fact]
    public void Sending_tags_adds_what_only_the_local_side_has_and_removes_what_only_the_remote_side_has()
    {
        var changes = SyncedFieldMap.ToRemoteChange(new RemoteFieldChanges(), HistoryFields.Tags, "ops,sre", "ops,security");

        Assert.Equal(["sre"], changes.TagsToAdd);
        Assert.Equal(["security"], changes.TagsToRemove);
    }

    [Fact]
    public void Sending_no_owner_clears_the_remote_owner()
    {
        var changes = SyncedFieldMap.ToRemoteChange(new RemoteFieldChanges(), HistoryFields.Owner, null, "PHID-USER-bob");

        Assert.True(changes.ClearOwner);
        Assert.Null(changes.OwnerAccountId);
    }

    [Fact]
    public void Sending_several_fields_makes_one_update_with_only_those_fields()
    {
        var remote = new SyncedFields("Fix alerting", "Open", "PHID-USER-bob", "Medium", "Runbook first", "ops");
        var local = new SyncedFields("Fix paging", "Resolved", null, "High", null, "ops");

        var changes = SyncedFieldMap.ToRemoteChanges([HistoryFields.Status, HistoryFields.Description], local, remote);

        Assert.Equal(new RemoteFieldChanges { Status = ActionItemStatus.Resolved, Description = "" },
            changes with { TagsToAdd = null, TagsToRemove = null });
        Assert.Null(changes.TagsToAdd);
    }
}
