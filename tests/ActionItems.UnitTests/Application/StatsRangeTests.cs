using ActionItems.Application;
using ActionItems.Application.Stats;

namespace ActionItems.UnitTests.Application;

public class StatsRangeTests
{
    private static readonly DateTimeOffset Monday = new(2025, 1, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_range_that_ends_before_it_starts_is_a_validation_error_on_to()
    {
        var error = ActionItemStats.CheckRange(TimeInterval.Day, Monday, Monday.AddDays(-1));

        Assert.Equal((ErrorKind.Validation, "to"), (error!.Kind, error.Field));
        Assert.Throws<ArgumentException>(() => ActionItemStats.Buckets(TimeInterval.Day, Monday, Monday));
    }

    [Fact]
    public void A_range_of_exactly_the_bucket_limit_is_allowed_and_one_more_is_refused()
    {
        var limit = Monday.AddDays(ActionItemStats.MaxBuckets);

        Assert.Null(ActionItemStats.CheckRange(TimeInterval.Day, Monday, limit));
        Assert.Equal(ActionItemStats.MaxBuckets, ActionItemStats.Buckets(TimeInterval.Day, Monday, limit).Count);
        Assert.Equal("interval", ActionItemStats.CheckRange(TimeInterval.Day, Monday, limit.AddDays(1))!.Field);
    }

    [Fact]
    public void Week_buckets_start_on_the_monday_before_from()
    {
        var buckets = ActionItemStats.Buckets(TimeInterval.Week, Monday.AddDays(3), Monday.AddDays(10));

        Assert.Equal([(Monday, Monday.AddDays(7)), (Monday.AddDays(7), Monday.AddDays(14))], buckets);
    }
}
