using ActionItems.Core.Domain;
using ActionItems.Data;

namespace ActionItems.UnitTests.Data;

public class OpenItemDaysTests
{
    [Fact]
    public void The_rollup_counts_exactly_the_statuses_the_domain_calls_open()
    {
        // The triggers' SQL spells the open statuses out; a change to the domain's list needs a new migration.
        var open = "(" + string.Join(", ", ActionItemStatusRules.OpenStatuses.Select(s => $"'{s}'")) + ")";

        Assert.Contains($"h.new_value IN {open}", OpenItemDays.CreateSql, StringComparison.Ordinal);
        Assert.Contains($"h.new_value IN {open}", OpenItemDays.RebuildSql, StringComparison.Ordinal);
        Assert.Equal(Enum.GetValues<ActionItemStatus>().Where(s => s.IsOpen()), ActionItemStatusRules.OpenStatuses);
    }
}
