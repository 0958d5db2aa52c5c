using ActionItems.Core.Domain;
using ActionItems.Data;

namespace ActionItems.UnitTests.Data;

public class StoredStatusesTests
{
    [Fact]
    public void The_open_sql_list_is_the_domain_open_statuses_by_stored_name()
    {
        var open = "(" + string.Join(", ", ActionItemStatusRules.OpenStatuses.Select(s => $"'{s}'")) + ")";

        Assert.Equal(StoredStatuses.OpenSql, open);
    }
}
