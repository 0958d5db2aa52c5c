using ActionItems.Application.Prevention;
using Row = ActionItems.Application.Prevention.RecurringActionables.TitleRow;

namespace ActionItems.UnitTests.Application;

/// <summary>
/// The clustering of recurringActionables without a database: near-duplicates join, chains and common words do not
/// make the work quadratic (docs/prevention.md, "Recurring actionables").
/// </summary>
public class RecurringActionablesClusteringTests
{
    [Fact]
    public void Titles_at_the_jaccard_threshold_join_and_titles_below_it_do_not()
    {
        Row[] rows =
        [
            new(1, 10, "Improve deployment documentation", Open: true),
            // {improv, deployment, documentation, new, servic}: 3 of 5 shared, 0.6.
            new(2, 11, "Improve the deployment documentation for new services", Open: false),
            // {improv, alert, swift}: 1 of 5, 0.2.
            new(3, 12, "Improve swift alerting", Open: true),
            // {deployment, doc}: "docs" is not "documentation", 1 of 4.
            new(4, 13, "Deployment docs", Open: true),
        ];

        var cluster = Assert.Single(RecurringActionables.Cluster(rows, minIncidents: 2));

        Assert.Equal("Improve deployment documentation", cluster.Representative);
        Assert.Equal([2L, 1L], cluster.Rows.Select(r => r.Id));
    }

    [Fact]
    public void Fifty_thousand_titles_sharing_only_common_words_form_no_cluster_and_identical_titles_are_one_cluster()
    {
        var rows = new List<Row>();
        for (var i = 0; i < 48_000; i++)
        {
            // Every title shares "add", "monitor" and "servic"; the host word is its own, so each is like no other.
            rows.Add(new Row(i + 1, i + 1, $"Add monitoring for service host{i} on node{i}", Open: true));
        }
        for (var i = 0; i < 1_000; i++)
        {
            rows.Add(new Row(100_000 + i, 200_000 + i, "Add paging alerts for etcd", Open: i % 2 == 0));
        }
        rows.Add(new Row(300_000, 400_000, "Improve deployment documentation", Open: true));
        rows.Add(new Row(300_001, 400_001, "Improve the deployment documentation for new services", Open: true));
        rows.Add(new Row(300_002, 400_002, "Deployment documentation must be improved", Open: false));

        // Comparing every pair would be 1.25 billion comparisons; the blocking keeps this a unit test (no timing asserted:
        // performance is shown in benchmarks, not in tests).
        var clusters = RecurringActionables.Cluster(rows, minIncidents: 2).ToList();

        Assert.Equal(2, clusters.Count);
        Assert.Equal(("Add paging alerts for etcd", 1_000, 500), (clusters[0].Representative, clusters[0].Rows.Count, clusters[0].Rows.Count(r => r.Open)));
        Assert.Equal(("Improve deployment documentation", 3), (clusters[1].Representative, clusters[1].Rows.Count));
    }
}
