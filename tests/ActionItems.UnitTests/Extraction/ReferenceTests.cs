using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// Phabricator/Phorge task references (README, "References to tasks"): configured hosts, <c>phorge.*</c>, every task
/// number, leading zeros, short numbers only in clear context, and bare numbers resolved against the configured
/// target only.
/// </summary>
public class ReferenceTests
{
    private static readonly ExtractionOptions OpsPhorge = new()
    {
        PhabricatorHosts = ["tracker.example.org"],
        PhabricatorBaseUrl = "https://tracker.example.org/",
    };

    private static ExtractionResult Extract(string items, ExtractionOptions? options = null, string? sourceUrl = null) =>
        PostmortemExtractor.Extract("# Queue backlog\n\n## Action items\n\n" + items, null, sourceUrl, options);

    private static List<(string Key, string? Url)> Refs(string item, ExtractionOptions? options = null, string? sourceUrl = null) =>
        [.. Assert.Single(Extract("- " + item + "\n", options, sourceUrl).Actionables).References.Select(r => (r.Key, r.Url))];

    [Fact]
    public void A_task_url_on_a_configured_targets_host_is_a_reference_whatever_the_host_is_called()
    {
        const string item = "Alert on queue depth https://tracker.example.org/T42";

        Assert.Equal([("T42", "https://tracker.example.org/T42")], Refs(item, OpsPhorge));
        Assert.Empty(Refs(item)); // not configured: an unknown host's /T42 is just a page
    }

    [Theory]
    [InlineData("Alert on queue depth https://phorge.example.org/T1234", "T1234")]
    [InlineData("Alert on queue depth [the task](https://phorge.example.org/T5)", "T5")]
    [InlineData("Alert on queue depth https://phabricator.example.net:8443/T77#comment-2", "T77")]
    public void Task_urls_on_phorge_and_phabricator_hosts_are_references_with_any_number(string item, string key) =>
        Assert.Equal(key, Assert.Single(Refs(item)).Key);

    [Theory]
    [InlineData("Add a runbook for the restart (task T0123)", "T123")]
    [InlineData("Add a runbook for the restart, see T000456789", null)] // nine digits is not a task number
    [InlineData("Add a runbook https://phorge.example.org/T007", "T7")]
    [InlineData("Add a runbook for the restart T0456789", "T456789")]
    public void Leading_zeros_are_dropped_from_task_numbers(string item, string? key) =>
        Assert.Equal(key is null ? [] : [key], Refs(item, OpsPhorge).Select(r => r.Key));

    [Theory]
    [InlineData("Add a runbook for the consumer restart, task T7", "T7")]
    [InlineData("Add a runbook for the consumer restart (Task: T42)", "T42")]
    [InlineData("Phab: T12 - add a runbook for the consumer restart", "T12")]
    [InlineData("Add a runbook for the consumer restart (ticket T99)", "T99")]
    [InlineData("Fix the bug T3 in the consumer restart", "T3")]
    public void A_short_task_number_after_a_task_word_is_a_reference(string item, string key) =>
        Assert.Equal([(key, "https://tracker.example.org/" + key)], Refs(item, OpsPhorge));

    [Theory]
    [InlineData("Review the T1 and T2 phases of the rollout plan", "T1, T2")]
    [InlineData("Move the cache hosts to T4 instances", "T4")]
    [InlineData("Page the on-call as soon as T5 is reached, task T3", "T5")]
    public void A_short_bare_task_number_in_running_text_is_not_a_reference_and_is_warned_about(string item, string warned)
    {
        var result = Extract("- " + item + "\n", OpsPhorge);

        Assert.DoesNotContain(Assert.Single(result.Actionables).References, r => r.Key == warned.Split(',')[0]);
        Assert.Contains(result.Warnings, w => w.StartsWith($"item 1: {warned} not taken as a task reference", StringComparison.Ordinal));
    }

    [Fact]
    public void Times_and_t_zero_are_neither_references_nor_warnings()
    {
        var result = Extract("- Start the failover at T-10 and check the lag at T+5 and at T0\n", OpsPhorge);

        Assert.Empty(Assert.Single(result.Actionables).References);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("task reference", StringComparison.Ordinal));
    }

    [Fact]
    public void Long_bare_task_numbers_are_references_in_running_text_even_side_by_side() =>
        Assert.Equal(["T123456", "T234567", "T100"], Refs("Add disk alerts T123456 T234567 and T100", OpsPhorge).Select(r => r.Key));

    [Theory]
    [InlineData("# X\n\n## Action items\n\n- Add disk alerts T123456\n")]
    [InlineData("== Actionables ==\n* Add disk alerts T123456\n")]
    [InlineData("Actionables\n\n  • Add disk alerts T123456 and rotate the logs\n")]
    public void A_bare_task_number_is_not_given_wikimedias_phabricator_when_nothing_says_so(string document)
    {
        var reference = Assert.Single(Assert.Single(PostmortemExtractor.Extract(document).Actionables).References);

        Assert.Equal(("T123456", null), (reference.Key, reference.Url));
    }

    [Fact]
    public void A_bare_task_number_resolves_against_the_configured_target_or_the_documents_wikimedia_wiki()
    {
        Assert.Equal([("T123456", "https://tracker.example.org/T123456")], Refs("Add disk alerts T123456", OpsPhorge));
        Assert.Equal([("T123456", "https://phabricator.wikimedia.org/T123456")],
            Refs("Add disk alerts T123456", OpsPhorge, "https://wikitech.wikimedia.org/wiki/Incidents/2024-10-09_calico-codfw"));
        Assert.Equal([("T123456", "https://tracker.example.org/T123456")],
            Refs("Add disk alerts T123456", OpsPhorge, "https://wiki.example.org/wiki/Incidents/queue-backlog"));
    }

    [Fact]
    public void A_short_task_number_in_a_tables_task_column_is_a_reference_and_in_its_other_cells_is_warned_about()
    {
        var result = Extract("""
            | Action | Owner | Task |
            |---|---|---|
            | Add consumer lag alerts | jdoe | T12 |
            | Review the T1 and T2 phases | jdoe | T380001 |
            """, OpsPhorge);

        Assert.Equal([["T12"], ["T380001"]], result.Actionables.Select(a => a.References.Select(r => r.Key).ToArray()));
        Assert.Contains(result.Warnings, w => w.StartsWith("item 2: T1, T2 not taken as a task reference", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.StartsWith("item 1:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_incident_task_field_takes_a_short_task_number()
    {
        var incident = PostmortemExtractor.Extract("# DB outage\n\n**Task:** T0042\n\n## Action items\n\n- x y z\n").Incident;

        Assert.Equal("T42", incident.TaskRef);
    }
}
