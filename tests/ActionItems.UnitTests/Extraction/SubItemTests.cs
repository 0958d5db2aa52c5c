using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// Issue 18, classes 6 and 3: sub-bullets that are tasks of their own, entries that introduce their details, and
/// paragraph sub-sections beside list sub-sections. Inputs are small and hand-written, modelled on a failure class.
/// </summary>
public class SubItemTests
{
    private static List<ExtractedActionable> Items(string actionables) =>
        [.. PostmortemExtractor.Extract("# Outage\n\n## Action items\n\n" + actionables, DocumentFormat.Markdown).Actionables];

    [Fact]
    public void Sub_bullets_with_their_own_verb_are_items_that_remember_their_parent()
    {
        var items = Items("""
            - Improve coverage of readiness probes
                - Reach out to teams with suggestions about probes
                - Create dashboard for probe coverage
            - Collect logs from nodes centrally
            """);

        Assert.Equal(
            [
                ("Improve coverage of readiness probes", (int?)null),
                ("Reach out to teams with suggestions about probes", 1),
                ("Create dashboard for probe coverage", 1),
                ("Collect logs from nodes centrally", null),
            ],
            items.Select(i => (i.Title, i.ParentOrdinal)));
        Assert.Null(items[0].Description);
    }

    [Fact]
    public void A_sub_item_keeps_its_own_done_state_and_the_parent_keeps_its_own()
    {
        var items = Items("""
            - Work with the ops team to fund the CI budget.
                - Turn the nightly builds back on. **(Done as of 2021-06-30)**
                - Budget for paid CI features every quarter.
            """);

        Assert.Equal(
            [
                ("Work with the ops team to fund the CI budget", (bool?)null, (int?)null),
                ("Turn the nightly builds back on", true, 1),
            ],
            items.Take(2).Select(i => (i.Title, i.Done, i.ParentOrdinal)));
        // "Budget for …" starts with no listed verb and has no state of its own: a detail of the parent.
        Assert.Equal(2, items.Count);
        Assert.Equal("Budget for paid CI features every quarter", items[0].Description);
    }

    [Fact]
    public void A_sub_bullet_with_its_own_state_but_no_verb_is_an_item_too()
    {
        var items = Items("""
            - Harden the deploy pipeline
                - ~~Canary stage for the API~~
                - Rollback button (finished on 3 May)
            """);

        Assert.Equal([(null, (bool?)null), (1, true), (1, true)], items.Select(i => (i.ParentOrdinal, i.Done)));
    }

    [Theory]
    [InlineData("    - Network packets, CPU, disk space")] // a detail: no verb, no state
    [InlineData("    - See the runbook for the current thresholds")] // "See" is no task verb
    public void A_sub_bullet_that_only_explains_its_parent_folds_into_its_description(string child)
    {
        var item = Assert.Single(Items("- Improve alerting via the monitoring stack\n" + child + "\n"));

        Assert.Equal("Improve alerting via the monitoring stack", item.Title);
        Assert.NotNull(item.Description);
    }

    [Fact]
    public void An_entry_that_states_a_task_and_then_introduces_its_details_is_an_item_not_a_grouping_label()
    {
        var items = Items("""
            - Improve alerting via Datadog.  We currently have liveness checks, and will add alerts on:
                - Network packets, CPU, disk space
            - Add log rotation to the instance image.
            """);

        Assert.Equal(2, items.Count);
        Assert.StartsWith("Improve alerting via Datadog. We currently have liveness checks", items[0].Title, StringComparison.Ordinal);
        Assert.Equal("Add log rotation to the instance image", items[1].Title);
        Assert.Contains("Network packets, CPU, disk space", items[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_phrase_label_ending_in_a_colon_still_groups_its_children_without_a_parent()
    {
        var items = Items("""
            - In the future when dealing with code that may break the API:
                - Add integration tests for the loader.
                - Lower the error cutoffs in Sentry.
            """);

        Assert.Equal([("Add integration tests for the loader", (int?)null), ("Lower the error cutoffs in Sentry", null)],
            items.Select(i => (i.Title, i.ParentOrdinal)));
    }

    [Fact]
    public void A_short_task_over_sub_tasks_stays_a_task()
    {
        var items = Items("""
            - Improve monitoring
                - Add a queue depth alert
                - Create a broker dashboard
            """);

        Assert.Equal([("Improve monitoring", (int?)null), ("Add a queue depth alert", 1), ("Create a broker dashboard", 1)],
            items.Select(i => (i.Title, i.ParentOrdinal)));
    }

    [Fact]
    public void A_paragraph_sub_section_beside_list_sub_sections_gives_its_item()
    {
        var items = Items("""
            ### Builder

            Limit memory available to build pods. (https://github.com/example/builder/pull/159)

            ### Process

            1. Nominate one person to drive the recovery.
            2. Alert on 4xx responses from the hub.
            """);

        Assert.Equal(
            ["Nominate one person to drive the recovery", "Alert on 4xx responses from the hub", "Limit memory available to build pods"],
            items.Select(i => i.Title));
        Assert.Equal("example/builder#159", Assert.Single(items[2].References).Key);
        Assert.True(items[2].NeedsReview); // a paragraph is a low-confidence item
    }

    [Fact]
    public void A_lead_in_paragraph_under_the_actionables_heading_is_not_an_item_beside_its_list()
    {
        var items = Items("""
            We agreed on the following after the review.

            - Add a queue depth alert
            """);

        Assert.Equal(["Add a queue depth alert"], items.Select(i => i.Title));
    }

    [Fact]
    public void A_paragraph_sub_section_without_recommendation_wording_gives_the_paragraph_when_it_is_short()
    {
        var items = Items("""
            ### Investigation

            The outage seemed to come from the deletion of a node. Perhaps old nodes fail this way?

            ### Notes

            The first node was created in 2019 and has been running since; it was replaced twice, in 2020 and 2021, after
            the zone migrations, and once more last year after the kernel upgrade that changed the cgroup layout, and the
            logs of those replacements are kept in the storage bucket named after the cluster.
            """);

        Assert.Equal(["The outage seemed to come from the deletion of a node. Perhaps old nodes fail this way?"],
            items.Select(i => i.Title));
    }
}
