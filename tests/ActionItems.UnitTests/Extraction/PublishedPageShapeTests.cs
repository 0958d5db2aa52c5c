using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// issue 18: shapes of published pages the corpus's HTML articles and browser text renderings brought in (docs/extraction-corpus.md,
/// "Formats"). Inputs are small and hand-written, modelled on a class of input, never copies of the corpus.
/// </summary>
public class PublishedPageShapeTests
{
    private static List<string> Titles(string text, DocumentFormat? format) =>
        PostmortemExtractor.Extract(text, format).Actionables.Select(a => a.Title).ToList();

    // A documentation site's "On this page" lists bare section names, "Action items" among them, above the article.
    [Fact]
    public void An_on_this_page_list_of_section_names_is_a_table_of_contents_not_headings()
    {
        var text = "Docs\nIncident Reports\nOn this page\nSummary\nTimeline\nAction items\nBroker queue stalls\nPUBLISHED\n\nMarch 3, 2021\n\n"
                   + "Summary\n\nThe queue stalled for an hour.\n\nAction items\nAdd a queue depth alert\nPage the on-call engineer on a stalled queue\n";

        Assert.Equal(["Add a queue depth alert", "Page the on-call engineer on a stalled queue"], Titles(text, DocumentFormat.WikitechRendered));
    }

    [Fact]
    public void A_numbered_wiki_contents_list_still_ends_at_the_first_real_heading()
    {
        var text = "Incidents/2021-03-03 broker\n\nContents\n1 Summary\n2 Actionables\nSummary\nThe queue stalled.\n\nActionables\n  • Add a queue depth alert\n";

        Assert.Equal(["Add a queue depth alert"], Titles(text, DocumentFormat.WikitechRendered));
    }

    // Sub-headings inside the actionables of a rendered page are bare lines among the entries.
    [Fact]
    public void Short_capitalised_lines_inside_rendered_actionables_group_the_entries_below_them()
    {
        var text = "Summary\n\nThe queue stalled.\n\nAction items\nProcess\nAdd a queue depth alert\nShard the broker\nUpstream Broker\n"
                   + "Report the stall to the broker maintainers\n";

        var items = PostmortemExtractor.Extract(text, DocumentFormat.WikitechRendered).Actionables;

        Assert.Equal(["Add a queue depth alert", "Shard the broker", "Report the stall to the broker maintainers"], items.Select(a => a.Title));
        Assert.Equal("Action items / Upstream Broker", items[2].Section);
    }

    [Theory]
    [InlineData("Process", true)]
    [InlineData("Upstream KubeSpawner", true)]
    [InlineData("Monitoring:", true)]
    [InlineData("Shard the broker", false)]
    [InlineData("Add Monitoring", false)]
    [InlineData("Consider cancelling spring break.", false)]
    [InlineData("Phase 2", false)]
    public void A_group_label_line_is_a_short_capitalised_name_not_a_task(string line, bool isLabel) =>
        Assert.Equal(isLabel, RenderedTextReader.IsGroupLabelLine(line));

    // Class 8 in rendered text: the heading's markup is gone, the browser leaves a blank line below it.
    [Fact]
    public void A_forward_looking_name_above_a_blank_line_heads_a_section_even_right_after_a_list()
    {
        var text = "Timeline of events\n20:09 UTC: a user registers\n20:13 UTC: uploads begin\nFuture measures\n\n"
                   + "We will be introducing rate limiting on the publish endpoint.\n\nBackground\n\nThe policy dates from 2014.\n";

        var item = Assert.Single(PostmortemExtractor.Extract(text, DocumentFormat.WikitechRendered).Actionables);
        Assert.Contains("rate limiting on the publish endpoint", item.Title, StringComparison.Ordinal);
        Assert.Equal("Future measures", item.Section);
    }

    [Fact]
    public void A_task_that_ends_a_rendered_list_stays_an_item()
    {
        var text = "Summary\n\nThe queue stalled.\n\nAction items\nAdd a queue depth alert\nImprove monitoring\n\nTimeline\n\n10:00 the queue stalls\n";

        Assert.Equal(["Add a queue depth alert", "Improve monitoring"], Titles(text, DocumentFormat.WikitechRendered));
    }

    // A post with front matter is a site generator's Markdown source, even when its body is plain paragraphs.
    [Fact]
    public void A_post_with_front_matter_and_plain_paragraphs_is_read_as_markdown()
    {
        var text = "+++\ntitle = \"Phishing campaign\"\nauthors = [\"Security team\"]\n+++\n\nWe received reports of a phishing campaign.\n\n"
                   + "We are taking steps to get the domain name taken down.\n";

        Assert.Equal(DocumentFormat.Markdown, PostmortemExtractor.Extract(text).Format);
    }

    // A lead-in that calls the list lessons, over entries that each commit the team to work.
    [Fact]
    public void A_lead_in_over_a_list_of_commitments_introduces_actionables()
    {
        var text = "# Outage\n\n## Postmortem\n\nThe lessons that we are taking away from this incident are as follows:\n\n"
                   + "- We need to document the process of deploying changes.\n"
                   + "- Changes tested apart should be deployed apart. We need to add this to the documentation.\n";

        Assert.Equal(2, Titles(text, DocumentFormat.Markdown).Count);
    }

    [Fact]
    public void A_lead_in_over_a_list_with_an_observation_introduces_nothing()
    {
        var text = "# Outage\n\n## Postmortem\n\nThe lessons that we are taking away from this incident are as follows:\n\n"
                   + "- We need to document the process of deploying changes.\n- Queues fill up when nobody watches them.\n";

        Assert.Empty(Titles(text, DocumentFormat.Markdown));
    }

    // Prose "future measures": the paragraphs that commit the team are items, the commentary between them is not.
    [Fact]
    public void In_a_prose_section_with_commitments_a_paragraph_committing_to_nothing_is_no_item()
    {
        var text = "# Outage\n\n## Future measures\n\nOne user should not have been able to upload that many packages. We will be introducing rate limiting.\n\n"
                   + "If you feel that a policy is problematic, the correct place to propose a change is an RFC.\n\n"
                   + "We are also looking into disallowing usernames that impersonate teams.\n";

        var titles = Titles(text, DocumentFormat.Markdown);

        Assert.Equal(2, titles.Count);
        Assert.DoesNotContain(titles, t => t.Contains("RFC", StringComparison.Ordinal));
    }

    [Fact]
    public void A_prose_section_without_commitments_keeps_its_short_paragraphs()
    {
        var text = "# Outage\n\n## Future work\n\nLimit memory available to build pods.\n\nMove the registry to its own node pool.\n";

        Assert.Equal(2, Titles(text, DocumentFormat.Markdown).Count);
    }
}
