using ActionItems.Core.Domain;

namespace ActionItems.UnitTests.Domain;

public class ActionItemHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Change Alice = new("alice", ChangeOrigin.Local, T0);

    [Fact]
    public void Creating_an_item_records_its_title_and_initial_status()
    {
        var item = ActionItem.Create(1, "  Fix   the\nalerting ", Alice);

        Assert.Equal("Fix the alerting", item.Title);
        Assert.Collection(item.History,
            h => Assert.Equal((HistoryFields.Title, (string?)null, "Fix the alerting"), (h.Field, h.OldValue, h.NewValue)),
            h => Assert.Equal((HistoryFields.Status, (string?)null, "Open"), (h.Field, h.OldValue, h.NewValue)));
    }

    [Fact]
    public void Changing_a_field_records_old_and_new_value_with_actor_origin_and_time()
    {
        var item = ActionItem.Create(1, "Fix alerting", Alice);
        var later = new Change("phab-bot", ChangeOrigin.Phabricator, T0.AddHours(1));

        Assert.True(item.SetStatus(ActionItemStatus.Resolved, later));

        var h = item.History[^1];
        Assert.Equal((HistoryFields.Status, "Open", "Resolved", "phab-bot", ChangeOrigin.Phabricator, T0.AddHours(1)),
            (h.Field, h.OldValue, h.NewValue, h.Actor, h.Origin, h.At));
        Assert.Equal(T0.AddHours(1), item.UpdatedAt);
    }

    [Fact]
    public void Linking_and_unlinking_a_tracker_task_record_which_task_with_actor_and_time()
    {
        var item = ActionItem.Create(1, "Fix alerting", Alice);
        var linked = new Change("bob", ChangeOrigin.Local, T0.AddHours(1));
        var unlinked = new Change("carol", ChangeOrigin.Local, T0.AddHours(2));

        item.RecordTrackerLinked("phabricator", "T123", linked);
        item.RecordTrackerUnlinked("phabricator", "T123", unlinked);

        Assert.Collection(item.History.Skip(2),
            h => Assert.Equal((HistoryFields.TrackerLink, (string?)null, (string?)"phabricator:T123", "bob", T0.AddHours(1)),
                (h.Field, h.OldValue, h.NewValue, h.Actor, h.At)),
            h => Assert.Equal((HistoryFields.TrackerLink, (string?)"phabricator:T123", (string?)null, "carol", T0.AddHours(2)),
                (h.Field, h.OldValue, h.NewValue, h.Actor, h.At)));
        Assert.Equal(T0.AddHours(2), item.UpdatedAt);
    }

    [Fact]
    public void Setting_a_field_to_its_current_value_records_nothing()
    {
        var item = ActionItem.Create(1, "Fix alerting", Alice);
        var before = item.History.Count;

        Assert.False(item.SetStatus(ActionItemStatus.Open, Alice));
        Assert.False(item.SetTitle("Fix  alerting", Alice));
        Assert.False(item.SetTags([], Alice));

        Assert.Equal(before, item.History.Count);
    }

    [Fact]
    public void Tags_are_a_normalised_sorted_set()
    {
        var item = ActionItem.Create(1, "Fix alerting", Alice);

        item.SetTags([" SRE", "networking", "sre", ""], Alice);

        Assert.Equal(["networking", "sre"], item.Tags);
        Assert.False(item.SetTags(["networking", "SRE"], Alice));
    }

    [Fact]
    public void An_empty_title_is_a_validation_error_naming_the_field()
    {
        var item = ActionItem.Create(1, "Fix alerting", Alice);

        var e = Assert.Throws<DomainValidationException>(() => item.SetTitle(" \n ", Alice));

        Assert.Equal("title", e.Field);
        Assert.Equal("Fix alerting", item.Title);
    }

    [Theory]
    [InlineData(ActionItemStatus.Open, true)]
    [InlineData(ActionItemStatus.InProgress, true)]
    [InlineData(ActionItemStatus.Stalled, true)]
    [InlineData(ActionItemStatus.Resolved, false)]
    [InlineData(ActionItemStatus.Declined, false)]
    [InlineData(ActionItemStatus.Invalid, false)]
    [InlineData(ActionItemStatus.Duplicate, false)]
    public void Only_open_in_progress_and_stalled_count_as_open(ActionItemStatus status, bool open) =>
        Assert.Equal(open, status.IsOpen());
}
