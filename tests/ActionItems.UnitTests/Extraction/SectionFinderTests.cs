using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// issue 18 step 3: the section finder on shapes the fixed list of names missed. Inputs are small and hand-written,
/// modelled on a failure class, never copies of the corpus.
/// </summary>
public class SectionFinderTests
{
    private static List<string> Titles(string markdown) =>
        PostmortemExtractor.Extract(markdown, DocumentFormat.Markdown).Actionables.Select(a => a.Title).ToList();

    // Class 8: a heading outside the fixed names is decided from its words.
    [Theory]
    [InlineData("Future work and product improvements")]
    [InlineData("What we're doing about it")]
    [InlineData("What we’re changing")]
    [InlineData("Remedial Measures:")]
    [InlineData("Recommendations:")]
    [InlineData("Improvement plan")]
    [InlineData("Preventive steps we will take")]
    public void A_heading_with_a_forward_looking_word_holds_actionables(string heading)
    {
        var text = $"# Outage\n\n## Summary\n\nThe queue stalled.\n\n## {heading}\n\n- Add a queue depth alert\n- Shard the broker\n\n## Timeline\n\n- 10:00 queue stalls\n";

        Assert.Equal(["Add a queue depth alert", "Shard the broker"], Titles(text));
    }

    [Theory]
    [InlineData("How did we fix it?")]
    [InlineData("Follow-up timeline")]
    [InlineData("Questions for follow up")]
    [InlineData("Actions taken during the incident")]
    [InlineData("A rolling restart of the broker fleet did not fix the problem")]
    public void A_question_a_backward_looking_heading_or_a_sentence_is_not_an_actionables_section(string heading)
    {
        var text = $"# Outage\n\n## {heading}\n\n- Restarted the broker\n- Drained the queue\n";

        Assert.Empty(Titles(text));
    }

    // Class 2: a label line that is not a heading, directly followed by a list.
    [Theory]
    [InlineData("Action Items")]
    [InlineData("Remediation:")]
    [InlineData("Follow up actions")]
    [InlineData("TODOS")]
    public void A_label_line_directly_above_a_list_introduces_actionables(string label)
    {
        var text = $"# Outage\n\n## Resolution\n\nWe restarted the broker.\n\n{label}\n- Add a queue depth alert\n- Shard the broker\n";

        Assert.Equal(["Add a queue depth alert", "Shard the broker"], Titles(text));
    }

    [Fact]
    public void A_label_line_with_no_list_below_it_stays_a_paragraph()
    {
        var text = "# Outage\n\n## Resolution\n\nAction Items\n\nWe restarted the broker and it recovered.\n";

        Assert.Empty(Titles(text));
    }

    // Class 8: a lead-in sentence announcing the list, with no heading.
    [Fact]
    public void A_lead_in_sentence_announcing_changes_introduces_the_list_below_it()
    {
        var text = "# Outage\n\nThe certificate expired at night. To prevent this from happening again, we are making the following changes:\n\n" +
                   "1. Renew certificates from a periodic job\n2. Page on certificates expiring within two weeks\n";

        Assert.Equal(["Renew certificates from a periodic job", "Page on certificates expiring within two weeks"], Titles(text));
    }

    [Theory]
    [InlineData("# Outage\n\n## Resolution\n\nWe took the following steps to restore service:\n\n- Restarted the broker\n- Drained the queue\n")]
    [InlineData("# Outage\n\n## Timeline\n\nTo avoid a second stall we will then:\n\n- 10:02 restart the broker\n- 10:05 drain the queue\n")]
    [InlineData("# Outage\n\n## Lessons learned\n\nIn the future we will remember:\n\n- Queues fill up\n- Alerts help\n")]
    public void A_sentence_about_the_incident_itself_or_inside_a_timeline_or_lessons_introduces_nothing(string text) =>
        Assert.Empty(Titles(text));

    [Fact]
    public void A_lead_in_inside_an_actionables_section_does_not_split_it()
    {
        var text = "# Outage\n\n## Action items\n\nTo prevent this again we will:\n\n- Add a queue depth alert\n";

        var item = Assert.Single(PostmortemExtractor.Extract(text, DocumentFormat.Markdown).Actionables);
        Assert.Equal("Action items", item.Section);
    }
}
