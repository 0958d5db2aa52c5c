using ActionItems.Application.Stats;

namespace ActionItems.UnitTests.Application;

/// <summary>
/// The in-memory open-at rule of the candidate index (<see cref="ActionItemFilter.WasOpenAt"/>) on the edge cases the
/// SQL rule (<see cref="ActionItemFilter.OpenAtInstant"/>) documents; OpenAtParityTests (integration tests) stores these
/// histories as real rows and checks both rules keep the same items.
/// </summary>
public class OpenAtInMemoryTests
{
    private static readonly DateTimeOffset Opened = new(2025, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static bool OpenAt(DateTimeOffset at, DateTimeOffset? resolved, params (long Id, int Day, string? Status)[] rows) =>
        ActionItemFilter.WasOpenAt(Opened, resolved,
            ActionItemFilter.LatestStatusFirst(rows.Select(r => new ActionItemFilter.StatusRow(r.Id, Opened.AddDays(r.Day), r.Status)), Opened), at);

    [Fact]
    public void Before_its_opening_an_item_is_never_open()
    {
        Assert.False(OpenAt(Opened.AddDays(-1), null, (1, 0, "Open")));
        Assert.True(OpenAt(Opened, null, (1, 0, "Open")));
    }

    [Fact]
    public void The_last_status_row_at_or_before_the_instant_decides_reopened_and_closed_alike()
    {
        (long, int, string?)[] history = [(1, 0, "Open"), (2, 5, "Resolved"), (3, 8, "InProgress"), (4, 20, "Declined")];
        Assert.True(OpenAt(Opened.AddDays(4), null, history));
        Assert.False(OpenAt(Opened.AddDays(5), null, history));
        Assert.True(OpenAt(Opened.AddDays(8), null, history));
        Assert.False(OpenAt(Opened.AddDays(20), null, history));
    }

    [Fact]
    public void A_row_dated_before_the_opening_counts_as_made_at_the_opening_after_the_opening_itself()
    {
        // Closed "before" it was created (two trackers' clocks): never open in between.
        Assert.False(OpenAt(Opened.AddDays(1), null, (1, 0, "Open"), (2, -3, "Resolved")));
    }

    [Fact]
    public void Rows_of_one_instant_are_read_by_id_the_later_one_deciding()
    {
        Assert.False(OpenAt(Opened.AddDays(2), null, (1, 0, "Open"), (3, 2, "Resolved"), (2, 2, "Open")));
        Assert.True(OpenAt(Opened.AddDays(2), null, (1, 0, "Open"), (2, 2, "Resolved"), (3, 2, "Open")));
    }

    [Fact]
    public void Without_a_row_by_then_or_with_one_naming_no_status_the_dates_decide()
    {
        // Backfilled history starting later: open from its opening until resolved.
        Assert.True(OpenAt(Opened.AddDays(3), Opened.AddDays(9), (1, 5, "Resolved")));
        Assert.False(OpenAt(Opened.AddDays(9), Opened.AddDays(9)));
        Assert.True(OpenAt(Opened.AddDays(3), null, (1, 0, null)));
    }
}
