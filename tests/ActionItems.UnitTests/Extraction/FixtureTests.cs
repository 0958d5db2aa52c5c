using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>Small hand-written postmortems, one extraction behaviour each, across the formats.</summary>
public class FixtureTests
{
    private static IReadOnlyList<ExtractedActionable> Items(string text, DocumentFormat? hint = null) =>
        PostmortemExtractor.Extract(text, hint).Actionables;

    private static List<string> Titles(string text, DocumentFormat? hint = null) => Items(text, hint).Select(i => i.Title).ToList();

    // --- section names and heading syntaxes ---

    [Theory]
    [InlineData("== Action items ==\n* Add disk alerts\n")]
    [InlineData("=== Follow-ups ===\n* Add disk alerts\n")]
    [InlineData("==Remediation==\n* Add disk alerts\n")]
    [InlineData("== Corrective actions ==\n* Add disk alerts\n")]
    [InlineData("==== Next steps ====\n* Add disk alerts\n")]
    [InlineData("== TODO ==\n* Add disk alerts\n")]
    [InlineData("== Follow-up items ==\n* Add disk alerts\n")]
    public void Alternative_section_names_at_any_wikitext_level_hold_actionables(string text) =>
        Assert.Equal(["Add disk alerts"], Titles("== Summary ==\nDisk filled up.\n" + text));

    [Theory]
    [InlineData("# Outage\n\n## Action Items\n\n- Add disk alerts\n")]
    [InlineData("# Outage\n\n### Follow-up\n\n* Add disk alerts\n")]
    [InlineData("# Outage\n\n**Actionables**\n\n- Add disk alerts\n")]
    public void Markdown_headings_and_bold_lines_name_the_section(string text) =>
        Assert.Equal(["Add disk alerts"], Titles(text));

    [Fact]
    public void Rendered_heading_line_names_the_section() =>
        Assert.Equal(["Add disk alerts", "Rotate the certificates"],
            Titles("Incidents/2024-01-02 disk\n\nSummary\n\nDisk filled up.\n\nActionables\n\n  • Add disk alerts\n  • Rotate the certificates\n\nScorecard\n", DocumentFormat.WikitechRendered));

    [Theory]
    [InlineData("== What went poorly? ==\n* Monitoring was missing\n")]
    [InlineData("== Lessons learned ==\n* Monitoring was missing\n")]
    [InlineData("== Where did we get lucky? ==\n* Monitoring was missing\n")]
    public void Non_actionable_sections_give_no_items(string text)
    {
        var result = PostmortemExtractor.Extract("== Summary ==\nDisk filled up.\n" + text + "== Actionables ==\n* Add disk alerts\n");

        Assert.Equal(["Add disk alerts"], result.Actionables.Select(a => a.Title));
    }

    [Fact]
    public void Lessons_learned_heading_ends_an_actionables_section_even_at_a_deeper_level() =>
        Assert.Equal(["Add disk alerts"], Titles("== Actionables ==\n* Add disk alerts\n=== Lessons learned ===\n* Disks fill up\n"));

    // --- item kinds ---

    [Fact]
    public void Numbered_list_items_are_items_in_markdown() =>
        Assert.Equal(["Add disk alerts", "Rotate logs daily", "Document the runbook"],
            Titles("# Outage\n\n## Action items\n\n1. Add disk alerts\n2. Rotate logs daily\n3. Document the runbook\n"));

    [Fact]
    public void Numbered_list_items_are_items_in_wikitext() =>
        Assert.Equal(["Add disk alerts", "Rotate logs daily"], Titles("== Actionables ==\n# Add disk alerts\n# Rotate logs daily\n"));

    [Fact]
    public void Numbered_list_items_are_items_in_rendered_text() =>
        Assert.Equal(["Add disk alerts", "Rotate logs daily"], Titles("Summary\n\nx\n\nActionables\n\n1. Add disk alerts\n2. Rotate logs daily\n", DocumentFormat.WikitechRendered));

    [Fact]
    public void Markdown_checklist_marks_done_and_open_items()
    {
        var items = Items("# Outage\n\n## Follow-up\n\n- [x] Add disk alerts\n- [ ] Rotate logs daily\n- Document the runbook\n");

        Assert.Equal(["Add disk alerts", "Rotate logs daily", "Document the runbook"], items.Select(i => i.Title));
        Assert.Equal([true, false, null], items.Select(i => i.Done));
    }

    [Fact]
    public void Wikitext_checklist_text_marks_done_and_open_items() =>
        Assert.Equal([true, false], Items("== Actionables ==\n* [x] Add disk alerts\n* [ ] Rotate logs daily\n").Select(i => i.Done));

    [Fact]
    public void Rendered_checklist_marks_done_and_open_items() =>
        Assert.Equal([true, false], Items("Summary\n\nx\n\nActionables\n\n- [x] Add disk alerts\n- [ ] Rotate logs daily\n", DocumentFormat.WikitechRendered).Select(i => i.Done));

    [Fact]
    public void Markdown_table_rows_are_items_with_owner_ticket_status_and_due()
    {
        var items = Items("""
            # Outage

            ## Action items

            | Action | Owner | Ticket | Status | Due |
            |---|---|---|---|---|
            | Add disk alerts | alice | T123456 | Done | 2024-02-01 |
            | Rotate logs daily | bob | [T234567](https://phabricator.wikimedia.org/T234567) | In progress | |
            | Document the runbook | | | | |
            """);

        Assert.Equal(["Add disk alerts", "Rotate logs daily", "Document the runbook"], items.Select(i => i.Title));
        Assert.Equal(["alice", "bob", null], items.Select(i => i.Owner));
        Assert.Equal([true, false, null], items.Select(i => i.Done));
        Assert.Equal("T123456", Assert.Single(items[0].References).Key);
        Assert.Equal("https://phabricator.wikimedia.org/T234567", Assert.Single(items[1].References).Url);
        Assert.Equal(new DateOnly(2024, 2, 1), items[0].DueDate);
        Assert.Equal("In progress", items[1].Status);
    }

    [Fact]
    public void Wikitext_table_rows_are_items_and_status_resolved_means_done()
    {
        var items = Items("""
            == Actionables ==
            {| class="wikitable"
            ! Task !! Owner !! Status
            |-
            | Add disk alerts || alice || resolved
            |-
            | Rotate logs daily || bob || open
            |}
            """);

        Assert.Equal(["Add disk alerts", "Rotate logs daily"], items.Select(i => i.Title));
        Assert.Equal([true, false], items.Select(i => i.Done));
        Assert.Equal(["alice", "bob"], items.Select(i => i.Owner));
    }

    [Fact]
    public void Html_table_rows_are_items()
    {
        var items = Items("""
            <html><body><h2>Follow-up actions</h2>
            <table><tr><th>Item</th><th>Owner</th><th>Status</th></tr>
            <tr><td>Add disk alerts</td><td>alice</td><td>Done</td></tr>
            <tr><td>Rotate logs daily</td><td>bob</td><td>TODO</td></tr></table>
            </body></html>
            """);

        Assert.Equal(["Add disk alerts", "Rotate logs daily"], items.Select(i => i.Title));
        Assert.Equal([true, false], items.Select(i => i.Done));
    }

    [Fact]
    public void Html_lists_are_items_with_nested_detail_folded()
    {
        var items = Items("""
            <html><body><h1>Outage</h1><h2>Action items</h2>
            <ul><li>Add disk alerts<ul><li>page at 90%</li></ul></li>
            <li><s>Rotate logs daily</s></li>
            <li><input type="checkbox" checked> Document the runbook</li></ul>
            <h2>Lessons learned</h2><ul><li>Disks fill up</li></ul>
            </body></html>
            """);

        Assert.Equal(["Add disk alerts", "Rotate logs daily", "Document the runbook"], items.Select(i => i.Title));
        Assert.Equal("page at 90%", items[0].Description);
        Assert.Equal([null, true, true], items.Select(i => i.Done));
    }

    [Fact]
    public void Html_page_from_a_wiki_drops_navigation_and_table_of_contents()
    {
        var result = PostmortemExtractor.Extract("""
            <!DOCTYPE html><html><head><title>Incidents/2023-05-06 dns - Wikitech</title></head><body>
            <nav><ul><li>Main page</li><li>Recent changes</li></ul></nav>
            <h1 id="firstHeading">Incidents/2023-05-06 dns</h1>
            <div id="mw-content-text"><div id="toc"><ul><li>1 Summary</li><li>2 Actionables</li></ul></div>
            <h2><span class="mw-headline">Actionables</span><span class="mw-editsection">[edit]</span></h2>
            <ul><li>Add a DNS canary <a href="https://phabricator.wikimedia.org/T345678">T345678</a></li></ul></div>
            <footer>Privacy policy</footer></body></html>
            """);

        Assert.Equal(DocumentFormat.Html, result.Format);
        Assert.Equal("Incidents/2023-05-06 dns", result.Incident.Title);
        Assert.Equal(new DateOnly(2023, 5, 6), result.Incident.IncidentDate);
        var item = Assert.Single(result.Actionables);
        Assert.Equal("Add a DNS canary T345678", item.Title);
        Assert.Equal("T345678", Assert.Single(item.References).Key);
    }

    [Fact]
    public void Prevention_prose_under_subheadings_gives_one_low_confidence_item_each()
    {
        var items = Items("""
            # Outage

            ## Prevention measures

            **Backups**

            Backups were not tested. We recommend that we test restores every quarter.

            **Capacity**

            The disk was too small. The recommended action is to double the disk size; this is cheap.
            """);

        Assert.Equal(["Test restores every quarter", "Double the disk size"], items.Select(i => i.Title));
        Assert.All(items, i => Assert.True(i.NeedsReview && i.Confidence < 0.5));
        Assert.Equal("Prevention measures / Backups", items[0].Section);
    }

    [Fact]
    public void Prevention_prose_in_wikitext_under_bold_subheadings_gives_items() =>
        Assert.Equal(["Add an alert on replication lag"],
            Titles("== Prevention measures ==\n'''Monitoring'''\n\nNobody noticed the lag. The recommended action is to add an alert on replication lag.\n"));

    [Fact]
    public void Short_paragraph_lines_in_a_section_without_a_list_are_items_flagged_for_review()
    {
        var items = Items("Summary\n\nx\n\nActionables\n\nAdd disk alerts\nRotate logs daily\n\nScorecard\n", DocumentFormat.WikitechRendered);

        Assert.Equal(["Add disk alerts", "Rotate logs daily"], items.Select(i => i.Title));
        Assert.All(items, i => Assert.True(i.NeedsReview));
    }

    // --- empty sections ---

    [Theory]
    [InlineData("None")]
    [InlineData("None at this point in time")]
    [InlineData("TBD")]
    [InlineData("N/A")]
    [InlineData("* None")]
    [InlineData("* TBD.")]
    public void None_like_content_gives_zero_items_with_a_warning(string content)
    {
        var result = PostmortemExtractor.Extract("== Summary ==\nx\n== Actionables ==\n" + content + "\n== Scorecard ==\n");

        Assert.Empty(result.Actionables);
        Assert.Contains(result.Warnings, w => w.StartsWith("section 'Actionables'", StringComparison.Ordinal));
    }

    [Fact]
    public void None_at_this_point_in_time_gives_zero_items() =>
        Assert.Empty(Items("# Outage\n\n## Action items\n\nNone at this point in time\n"));

    [Fact]
    public void Empty_section_gives_zero_items_and_says_so()
    {
        var result = PostmortemExtractor.Extract("# Outage\n\n## Action items\n\n## Lessons learned\n\n- x\n");

        Assert.Empty(result.Actionables);
        Assert.Contains("section 'Action items' is empty", result.Warnings);
    }

    [Fact]
    public void Document_without_an_actionables_section_warns()
    {
        var result = PostmortemExtractor.Extract("# Outage\n\n## What went wrong?\n\n- Disk filled up\n");

        Assert.Empty(result.Actionables);
        Assert.Contains(result.Warnings, w => w.StartsWith("no actionables section found", StringComparison.Ordinal));
    }

    // --- references ---

    [Theory]
    [InlineData("* Add disk alerts T123456", "T123456")]
    [InlineData("* Add disk alerts {{PhabT|123456}}", "T123456")]
    [InlineData("* Add disk alerts [[phab:T123456]]", "T123456")]
    [InlineData("* Add disk alerts [[phab:T123456|the task]]", "T123456")]
    [InlineData("* Add disk alerts https://phabricator.wikimedia.org/T123456", "T123456")]
    [InlineData("* Add disk alerts [https://phabricator.wikimedia.org/T123456 task]", "T123456")]
    [InlineData("* Add disk alerts wikimedia/operations-puppet#12", "wikimedia/operations-puppet#12")]
    [InlineData("* Add disk alerts https://github.com/acme/infra/issues/77", "acme/infra#77")]
    [InlineData("* Add disk alerts OPS-1234", "OPS-1234")]
    public void Task_references_are_found_in_every_form(string line, string key)
    {
        var item = Assert.Single(Items("== Actionables ==\n" + line + "\n"));

        var reference = Assert.Single(item.References);
        Assert.Equal(key, reference.Key);
        Assert.True(reference.IsTask);
    }

    [Fact]
    public void Gerrit_change_links_are_references_but_not_tasks()
    {
        var item = Assert.Single(Items("== Actionables ==\n* Raise the limit https://gerrit.wikimedia.org/r/c/operations/puppet/+/947331\n"));

        var reference = Assert.Single(item.References);
        Assert.Equal((TaskReferenceKind.Gerrit, "947331", false), (reference.Kind, reference.Key, reference.IsTask));
    }

    [Fact]
    public void Standards_that_look_like_jira_keys_are_not_references() =>
        Assert.Empty(Assert.Single(Items("== Actionables ==\n* Use UTF-8 and SHA-256 everywhere\n")).References);

    [Fact]
    public void References_in_folded_sub_bullets_belong_to_the_parent()
    {
        var item = Assert.Single(Items("== Actionables ==\n* Add disk alerts\n** T123456\n"));

        Assert.Equal("T123456", Assert.Single(item.References).Key);
    }

    // --- done markers ---

    [Theory]
    [InlineData("* <s>Add disk alerts</s>", true)]
    [InlineData("* ~~Add disk alerts~~", true)]
    [InlineData("* Add disk alerts (done)", true)]
    [InlineData("* Add disk alerts (done in T123456)", true)]
    [InlineData("* ✅ Add disk alerts", true)]
    [InlineData("* Add disk alerts {{done}}", true)]
    [InlineData("* TODO: Add disk alerts", false)]
    [InlineData("* Add disk alerts (work in progress)", false)]
    [InlineData("* Add disk alerts", null)]
    public void Done_markers_set_done_three_valued(string line, bool? done)
    {
        var item = Assert.Single(Items("== Actionables ==\n" + line + "\n"));

        Assert.Equal(done, item.Done);
        Assert.Equal("Add disk alerts", item.Title);
    }

    [Fact]
    public void Markdown_strike_through_marks_done() =>
        Assert.Equal([true, null], Items("# X\n\n## Remediation\n\n- ~~Add disk alerts~~\n- Rotate logs\n").Select(i => i.Done));

    [Fact]
    public void Completed_sub_heading_marks_its_items_done()
    {
        var items = Items("== Actionables ==\n=== Completed ===\n* Add disk alerts\n=== Open ===\n* Rotate logs daily\n");

        Assert.Equal([true, false], items.Select(i => i.Done));
        Assert.Equal("Actionables / Completed", items[0].Section);
    }

    // --- titles ---

    [Theory]
    [InlineData("* Fix Icinga monitoring for maps, ", "Fix Icinga monitoring for maps")]
    [InlineData("* Improve the docs, .", "Improve the docs")]
    [InlineData("* Improve the docs ()", "Improve the docs")]
    [InlineData("* '''Improve''' the   [[Runbook|runbook]]", "Improve the runbook")]
    [InlineData("* Improve the [https://example.org/docs docs] now", "Improve the docs now")]
    public void Markup_is_stripped_and_dangling_punctuation_removed(string line, string title) =>
        Assert.Equal(title, Assert.Single(Items("== Actionables ==\n" + line + "\n")).Title);

    [Theory]
    [InlineData("* Should we page on disk usage?", true)]
    [InlineData("* Disk alerts were late- could we page earlier", true)]
    [InlineData("* Do not deploy on Fridays", false)]
    [InlineData("* Add disk alerts", false)]
    public void Questions_are_items_flagged_for_review(string line, bool needsReview) =>
        Assert.Equal(needsReview, Assert.Single(Items("== Actionables ==\n" + line + "\n")).NeedsReview);

    // --- nesting ---

    [Fact]
    public void Sub_bullets_fold_into_the_parent_description()
    {
        var item = Assert.Single(Items("== Actionables ==\n* Add disk alerts\n** warn at 80%\n** page at 90%\n"));

        Assert.Equal("Add disk alerts", item.Title);
        Assert.Equal("warn at 80%\npage at 90%", item.Description);
    }

    [Fact]
    public void Sub_bullet_with_its_own_ticket_is_its_own_item_remembering_its_parent()
    {
        var items = Items("# X\n\n## Action items\n\n- Improve monitoring\n  - Add an alert on disk usage T111111\n  - covering all hosts\n");

        Assert.Equal(["Improve monitoring", "Add an alert on disk usage T111111"], items.Select(i => i.Title));
        Assert.Equal("covering all hosts", items[0].Description);
        Assert.Equal(1, items[1].ParentOrdinal);
    }

    [Fact]
    public void Grouping_label_parent_is_not_an_item()
    {
        var items = Items("== Actionables ==\n* Monitoring:\n** Add an alert on disk usage\n** Add a dashboard for inodes\n");

        Assert.Equal(["Add an alert on disk usage", "Add a dashboard for inodes"], items.Select(i => i.Title));
        Assert.Equal("Actionables / Monitoring", items[0].Section);
        Assert.All(items, i => Assert.Null(i.ParentOrdinal));
    }

    [Fact]
    public void Bullet_styles_dash_star_and_dot_are_items_in_rendered_text() =>
        Assert.Equal(["Add disk alerts", "Rotate logs", "Write runbook"],
            Titles("Summary\n\nx\n\nActionables\n\n- Add disk alerts\n* Rotate logs\n• Write runbook\n", DocumentFormat.WikitechRendered));

    // --- metadata, timeline, scorecard ---

    [Fact]
    public void Title_and_date_come_from_the_source_url_when_the_text_has_none()
    {
        var result = PostmortemExtractor.Extract("== Summary ==\nx\n== Actionables ==\n* a thing\n", null,
            "https://wikitech.wikimedia.org/wiki/Incidents/2022-03-04_dns-outage");

        Assert.Equal("Incidents/2022-03-04 dns-outage", result.Incident.Title);
        Assert.Equal("2022-03-04 dns-outage", result.Incident.Slug);
        Assert.Equal(new DateOnly(2022, 3, 4), result.Incident.IncidentDate);
    }

    [Fact]
    public void Compact_date_in_page_title_gives_the_incident_date() =>
        Assert.Equal(new DateOnly(2018, 7, 4),
            PostmortemExtractor.Extract("Incident documentation/20180704-mathoid\n\nSummary\n\nx\n").Incident.IncidentDate);

    [Fact]
    public void Wikitext_metadata_template_and_dated_outage_markers_are_read()
    {
        var result = PostmortemExtractor.Extract("""
            {{irdoc|status=final}}
            {{Incident scorecard
            | task = T300000
            | paged-num = 3
            | responders-num = 5
            | coordinators = [[User:Alice|Alice]], Bob
            | start = 2023-03-01 10:00:00
            | end = 2023-03-01 11:30:00
            | impact = Edits failed for 90 minutes.
            }}
            ==Summary==
            Edits failed.
            ==Timeline==
            * 10:00 OUTAGE BEGINS
            * 11:30 OUTAGE ENDS
            """);

        var incident = result.Incident;
        Assert.Equal(("T300000", 3, 5), (incident.TaskRef, incident.PeoplePaged, incident.ResponderCount));
        Assert.Equal(["Alice", "Bob"], incident.Coordinators);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 10, 0, 0, TimeSpan.Zero), incident.StartedAt);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 11, 30, 0, TimeSpan.Zero), incident.EndedAt);
        Assert.Equal("Edits failed for 90 minutes.", incident.Impact);
        Assert.Equal(DocumentStatus.Final, incident.DocumentStatus);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 10, 0, 0, TimeSpan.Zero), result.Timeline[0].At);
    }

    [Fact]
    public void Start_and_end_come_from_outage_markers_when_the_date_is_known()
    {
        var incident = PostmortemExtractor.Extract("Incidents/2021-05-06 api\n\nTimeline\n\n- 09:15 OUTAGE BEGINS\n- 09:45 OUTAGE ENDS\n").Incident;

        Assert.Equal(new DateTimeOffset(2021, 5, 6, 9, 15, 0, TimeSpan.Zero), incident.StartedAt);
        Assert.Equal(new DateTimeOffset(2021, 5, 6, 9, 45, 0, TimeSpan.Zero), incident.EndedAt);
    }

    [Fact]
    public void Markdown_metadata_colon_fields_are_read()
    {
        var incident = PostmortemExtractor.Extract("# DB outage\n\n**Start:** 2024-03-02 14:00 UTC\n\n**End:** 2024-03-02 15:10 UTC\n\n**Task:** T999999\n\n## Action items\n\n- x y z\n").Incident;

        Assert.Equal(new DateTimeOffset(2024, 3, 2, 14, 0, 0, TimeSpan.Zero), incident.StartedAt);
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 15, 10, 0, TimeSpan.Zero), incident.EndedAt);
        Assert.Equal("T999999", incident.TaskRef);
        Assert.Equal(new DateOnly(2024, 3, 2), incident.IncidentDate);
    }

    [Fact]
    public void Wikitext_scorecard_table_with_rowspans_is_read()
    {
        var scorecard = PostmortemExtractor.Extract("""
            ==Scorecard==
            {| class="wikitable"
            !
            !Question
            !Answer
            (yes/no)
            !Notes
            |-
            ! rowspan="2" |People
            |Were fewer than five people paged?
            |yes
            |
            |-
            |Were pages routed to the correct sub-team(s)?
            |no
            |paged everyone
            |-
            !Process
            |Is there a phabricator task for the incident?
            |
            |
            |}
            """).Scorecard;

        Assert.Equal(3, scorecard.Count);
        Assert.Equal([ScorecardCategory.People, ScorecardCategory.People, ScorecardCategory.Process], scorecard.Select(s => s.Category));
        Assert.Equal([ScorecardAnswerValue.Yes, ScorecardAnswerValue.No, ScorecardAnswerValue.Unknown], scorecard.Select(s => s.Answer));
        Assert.Equal("paged everyone", scorecard[1].Note);
    }

    [Fact]
    public void Timeline_times_under_date_headers_resolve_to_that_date()
    {
        var timeline = PostmortemExtractor.Extract("# X\n\n## Timeline\n\n- 2024-01-02\n  - 23:50 disk fills\n- 2024-01-03\n  - 00:10 outage begins\n").Timeline;

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 23, 50, 0, TimeSpan.Zero), timeline[0].At);
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 0, 10, 0, TimeSpan.Zero), timeline[1].At);
        Assert.Equal(TimelineMarker.OutageBegins, timeline[1].Marker);
    }

    // --- format detection and noise ---

    [Theory]
    [InlineData("== Summary ==\nx\n== Actionables ==\n* a\n", DocumentFormat.Wikitext)]
    [InlineData("# Title\n\n## Summary\n\nx\n\n- [a](http://x)\n", DocumentFormat.Markdown)]
    [InlineData("<html><body><h2>Summary</h2><p>x</p></body></html>", DocumentFormat.Html)]
    [InlineData("Jump to content\n\nIncidents/2024-01-01 x\n\nFrom Wikitech\n\nSummary\n\nx\n", DocumentFormat.WikitechRendered)]
    public void Format_is_detected_without_a_hint(string text, DocumentFormat format) =>
        Assert.Equal(format, PostmortemExtractor.Extract(text).Format);

    [Fact]
    public void Rendered_navigation_and_table_of_contents_are_noise()
    {
        var result = PostmortemExtractor.Extract("""
            Site notice about something.
            Incidents/2024-01-01 cache

            [< Incidents](#)

            Contents [hide]

            - [1 Summary](#)
            - [2 Actionables](#)

            Summary

            The cache died.

            Actionables

            - Add cache alerts

            [Main page](#)[Recent changes](#)[Tools](#)

            This page was last edited on 1 January 2024.

            - Not an item
            """);

        Assert.Equal(["Add cache alerts"], result.Actionables.Select(a => a.Title));
        Assert.Equal("The cache died.", result.Incident.Summary);
    }
}
