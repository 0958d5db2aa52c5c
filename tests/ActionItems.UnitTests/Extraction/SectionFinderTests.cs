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
    [InlineData("**The Following 2 Weeks**")]
    [InlineData("In the following days")]
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

/// <summary>issue 18 step 3: entries that are only a reference (class 5) and entries that are no remediation work.</summary>
public class ItemShapeTests
{
    private static List<ActionItems.Core.Extraction.ExtractedActionable> Items(string markdown) =>
        PostmortemExtractor.Extract(markdown, DocumentFormat.Markdown).Actionables.ToList();

    [Theory]
    [InlineData("https://github.com/owner/repo/issues/12", "owner/repo#12")]
    [InlineData("T123456", "T123456")]
    public void A_reference_only_entry_is_an_item_titled_by_its_reference(string entry, string key)
    {
        var item = Items($"# Outage\n\n## Follow-ups\n\n- {entry}\n- Add a queue depth alert\n")[0];

        Assert.Equal(entry, item.Title);
        Assert.Equal(key, Assert.Single(item.References).Key);
    }

    [Fact]
    public void A_bare_issue_number_entry_is_an_item_titled_by_the_number()
    {
        // Which repository "#812" lives in is not resolved yet (issue 18 class 5, second half); the item is kept.
        Assert.Equal(["#812", "#813"], Items("# Outage\n\n## Follow-up improvements\n\n- #812\n- #813\n").Select(i => i.Title));
    }

    [Fact]
    public void Reference_only_sub_bullets_under_an_item_with_its_own_ticket_are_items_with_a_parent()
    {
        var items = Items("# Outage\n\n## Action items\n\n- Hold a retrospective https://github.com/owner/meta/issues/10\n" +
                          "  - https://github.com/owner/meta/issues/11\n  - https://github.com/owner/infra/issues/12\n");

        Assert.Equal(3, items.Count);
        Assert.Equal("owner/meta#10", Assert.Single(items[0].References).Key);
        Assert.All(items.Skip(1), i => Assert.Equal(items[0].Ordinal, i.ParentOrdinal));
        Assert.Equal("owner/infra#12", Assert.Single(items[2].References).Key);
    }

    [Fact]
    public void A_checklist_for_completing_the_report_gives_no_items()
    {
        var items = Items("# Outage\n\n## Action items\n\n- Add a queue depth alert\n\n## Actions\n\n" +
                          "- [ ] Incident has been dealt with or is over\n- [ ] Sections above are filled out\n- [ ] All action items above have linked issues\n");

        Assert.Equal(["Add a queue depth alert"], items.Select(i => i.Title));
    }

    [Fact]
    public void A_checklist_of_tasks_that_mention_the_report_is_kept()
    {
        var items = Items("# Outage\n\n## Actions\n\n- [ ] Write the incident report\n- [ ] Incident review is scheduled with the on-call team\n");

        Assert.Equal(2, items.Count);
    }

    [Theory]
    [InlineData("{{ summary }} [link to github issue]")]
    [InlineData("{{owner}}")]
    public void An_unfilled_template_variable_is_not_an_item(string entry)
    {
        var items = Items($"# Outage\n\n## Action items\n\n1. Add a queue depth alert\n2. {entry}\n");

        Assert.Equal(["Add a queue depth alert"], items.Select(i => i.Title));
    }

    [Fact]
    public void A_filled_in_template_line_is_an_item()
    {
        var items = Items("# Outage\n\n## Action items\n\n1. {{ Add a queue depth alert to the broker dashboards }}\n");

        Assert.Single(items);
    }
}

/// <summary>issue 18 class 4: paragraphs under an actionables heading, one item per sentence line or per wrapped paragraph.</summary>
public class ParagraphItemTests
{
    private static List<string> Titles(string markdown) =>
        PostmortemExtractor.Extract(markdown, DocumentFormat.Markdown).Actionables.Select(a => a.Title).ToList();

    [Fact]
    public void Long_lines_that_are_each_a_sentence_give_one_item_per_line()
    {
        var first = "The broker will be sharded across three zones so that the loss of a single zone can never stall the whole queue again for our users.";
        var second = "A queue depth alert will page the on-call engineer within five minutes of the backlog growing beyond the normal daily peak for the broker. Until then we watch it by hand.";
        var text = $"# Outage\n\n### Remedial Measures:\n{first}\n{second}\n";

        Assert.Equal(2, Titles(text).Count);
    }

    [Fact]
    public void A_hard_wrapped_paragraph_stays_one_item()
    {
        var text = "# Outage\n\n## Recommendations\n\nShard the broker across three zones so that the loss of a single zone can never stall the whole\n" +
                   "queue again, and page the on-call engineer when the backlog grows beyond the normal daily peak for\nthe broker.\n";

        Assert.Single(Titles(text));
    }

    // Class 2, list labels: a list item that only names actionables heads the list nested under it.
    [Theory]
    [InlineData("- **Review actions**:")]
    [InlineData("- **Follow-up actions**")]
    [InlineData("* Action items:")]
    public void A_list_item_naming_actionables_over_a_nested_list_heads_that_list(string label)
    {
        var text = $"# Outage\n\n- **Impact**: edits failed\n\n- **Context**:\n  - the broker was upgraded\n  - nobody was paged\n\n{label}\n  - Add a queue depth alert\n  - Shard the broker\n\n- **Resolution**: rolled back\n\n## Timeline\n\n- 10:00 queue stalls\n";

        Assert.Equal(["Add a queue depth alert", "Shard the broker"], Titles(text));
    }

    [Theory]
    [InlineData("- **Review actions**: add a queue depth alert\n- **Resolution**: rolled back\n")]
    [InlineData("- **Context**:\n  - Add a queue depth alert\n  - Shard the broker\n")]
    [InlineData("- **Review actions**:\n- **Resolution**: rolled back\n")]
    public void A_list_item_with_more_than_a_label_another_name_or_nothing_nested_heads_nothing(string list)
    {
        Assert.Empty(Titles($"# Outage\n\n{list}"));
    }

    [Fact]
    public void Yaml_front_matter_is_not_read_as_a_heading_over_the_list_labels()
    {
        var result = PostmortemExtractor.Extract("---\ntitle: Incident on 2021-06-09 - ingress blocked\nweight: 20\n---\n\n# Incident on 2021-06-09 - ingress blocked\n\n- **Review actions**:\n  - Add an ingress smoke test\n", DocumentFormat.Markdown);

        Assert.Equal("Incident on 2021-06-09 - ingress blocked", result.Incident.Title);
        Assert.Equal(["Add an ingress smoke test"], result.Actionables.Select(a => a.Title));
    }
}
