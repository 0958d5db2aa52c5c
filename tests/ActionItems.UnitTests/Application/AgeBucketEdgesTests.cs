using ActionItems.Application.Stats;

namespace ActionItems.UnitTests.Application;

public class AgeBucketEdgesTests
{
    [Fact]
    public void Default_edges_keep_the_dashboard_labels()
    {
        var buckets = AgeBucketEdges.Buckets(AgeBucketEdges.Default, [1, 2, 3, 4, 5]);

        Assert.Equal(["under 7 days", "7–30 days", "30–90 days", "90–365 days", "over a year"], buckets.Select(b => b.Label));
        Assert.Equal([(0, 7), (7, 30), (30, 90), (90, 365), (365, (int?)null)], buckets.Select(b => (b.MinDays, b.MaxDays)));
        Assert.Equal([1, 2, 3, 4, 5], buckets.Select(b => b.Count));
    }

    [Fact]
    public void Other_edges_are_labelled_alike_with_one_day_singular()
    {
        Assert.Equal(["under 1 day", "1–14 days", "over 14 days"], AgeBucketEdges.Buckets([1, 14], [0, 0, 0]).Select(b => b.Label));
        Assert.Equal(["under 400 days", "over 400 days"], AgeBucketEdges.Buckets([400], [0, 0]).Select(b => b.Label));
    }

    [Theory]
    [InlineData(new int[0], "between 1 and 20 edges")]
    [InlineData(new[] { 0 }, "(0 is not)")]
    [InlineData(new[] { 5, -3 }, "(-3 is not)")]
    [InlineData(new[] { 36_501 }, "(36501 is not)")]
    [InlineData(new[] { 30, 7 }, "(7 follows 30)")]
    [InlineData(new[] { 7, 7 }, "(7 follows 7)")]
    public void Edges_that_cannot_cut_buckets_are_refused(int[] edges, string expected)
    {
        var error = AgeBucketEdges.Check(edges);

        Assert.NotNull(error);
        Assert.Equal(ActionItems.Application.ErrorKind.Validation, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Up_to_twenty_ascending_edges_are_accepted_and_twenty_one_are_not()
    {
        Assert.Null(AgeBucketEdges.Check(null));
        Assert.Null(AgeBucketEdges.Check([.. Enumerable.Range(1, 20)]));
        Assert.Null(AgeBucketEdges.Check([1, 36_500]));
        Assert.Contains("(it has 21)", AgeBucketEdges.Check([.. Enumerable.Range(1, 21)])!.Message, StringComparison.Ordinal);
    }
}
