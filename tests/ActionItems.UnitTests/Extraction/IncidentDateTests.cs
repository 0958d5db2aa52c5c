using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// issue 18: where a postmortem states its incident date, and what is never one. Inputs are small and hand-written,
/// one per place a date is written, never copies of the corpora.
/// </summary>
public class IncidentDateTests
{
    private static DateOnly? DateOf(string markdown) =>
        PostmortemExtractor.Extract(markdown, DocumentFormat.Markdown).Incident.IncidentDate;

    [Theory]
    [InlineData("2024", "02", "29")]
    [InlineData("2023", "02", "29")]
    [InlineData("2023", "12", "31")]
    [InlineData("2023", "13", "01")]
    [InlineData("2023", "00", "10")]
    [InlineData("2023", "04", "31")]
    [InlineData("0000", "01", "01")]
    [InlineData("0001", "01", "01")]
    [InlineData("9999", "12", "31")]
    [InlineData("202", "01", "01")]
    [InlineData("2023", "1", "01")]
    [InlineData("2023", "01", "1")]
    [InlineData("2023", "?1", "01")]
    [InlineData("2023", "01", "0?")]
    [InlineData("2023", "01", " 1")]
    [InlineData("\u0662\u0660\u0662\u0663", "01", "01")]
    public void A_date_from_its_parts_is_read_as_the_exact_yyyy_MM_dd_format_reads_it(string year, string month, string day)
    {
        var expected = DateOnly.TryParseExact($"{year}-{month}-{day}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var expectedDate);
        Assert.Equal(expected, TextTools.TryParseDate(year, month, day, out var date));
        Assert.Equal(expectedDate, date);
    }

    [Theory]
    [InlineData("# Queue outage\n\n**Date:** 2026-04-17\n**Severity:** high\n\n## Summary\n\nThe queue stalled.\n", 2026, 4, 17)]
    [InlineData("# Queue outage\n\n- **Incident date**: 3 May 2022\n- **Impact**: none\n", 2022, 5, 3)]
    [InlineData("# Queue outage - March 14, 2023\n\n## Summary\n\nThe queue stalled.\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 2023-03-14 10:00 | queue stalls |\n| 2023-03-15 09:00 | queue drained |\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\n## Timeline\n\n### 2023-03-14 10:00 - queue stalls\n\nWe saw it.\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\n## Summary\n\nOn March 14, 2023, the queue stalled for an hour.\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\nOn Friday 29 November 2019, we scaled the cluster.\n", 2019, 11, 29)]
    [InlineData("# Queue outage\n\nOn 14th March 2023 the queue stalled.\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\nOn November 5th \u201924 we had a global outage.\n", 2024, 11, 5)]
    [InlineData("# Queue outage\n\nOn 2023-03-14 the queue stalled.\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\n**Date:** January 14-19, 2026\n**Severity:** Critical\n", 2026, 1, 14)]
    [InlineData("# Queue outage\n\nFrom 14 \u2013 19th March 2023 the queue stalled.\n", 2023, 3, 14)]
    [InlineData("# Queue outage\n\nThe queue stalled from 10:00-11 March 2023.\n", 2023, 3, 11)]
    public void The_date_is_read_from_where_the_document_states_it(string markdown, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DateOf(markdown));
    }

    [Theory]
    [InlineData("# Queue outage\n\nSee [the dashboard](https://example.org/d/2021-01-01/queue) and https://example.org/2021-01-02/x for graphs.\n")]
    [InlineData("# Queue outage\n\nWe upgraded to v2023-05-01 and then to release 1.2.2021-01-01 of the broker.\n")]
    [InlineData("# Queue outage\n\n![graph](img/2022-01-27-pods.png)\n\nThe build kolibri-0.6.dev020170821165952-git.pex failed.\n")]
    [InlineData("# Queue outage\n\nThe build from 05-06-2024 failed.\n")]
    [InlineData("# Queue outage\n\nWe rolled out v1.5 March 2023 and v2.14 June 2023.\n")]
    public void A_link_a_file_name_a_version_or_an_ambiguous_number_gives_no_date(string markdown)
    {
        Assert.Null(DateOf(markdown));
    }

    [Fact]
    public void Yaml_front_matter_gives_title_and_date_and_is_not_text()
    {
        var incident = PostmortemExtractor.Extract("---\ntitle: Queue outage\nweight: 20\ndate: 2022-01-27\n---\n\n## Summary\n\nThe queue stalled.\n").Incident;

        Assert.Equal("Queue outage", incident.Title);
        Assert.Equal(new DateOnly(2022, 1, 27), incident.IncidentDate);
        Assert.Equal("The queue stalled.", incident.Summary);
    }

    [Fact]
    public void Toml_front_matter_is_metadata_and_leaves_the_post_markdown()
    {
        var result = PostmortemExtractor.Extract("+++\npath = \"2025/09/12/queue\"\ntitle = \"Queue outage\"\ndate = 2025-09-12\n+++\n\nThe queue\nstalled for an hour\nand was drained.\n\n## Next steps\n\n- Add a queue depth alert\n");

        Assert.Equal(DocumentFormat.Markdown, result.Format);
        Assert.Equal("Queue outage", result.Incident.Title);
        Assert.Equal(new DateOnly(2025, 9, 12), result.Incident.IncidentDate);
        Assert.Equal(["Add a queue depth alert"], result.Actionables.Select(a => a.Title));
    }

    [Fact]
    public void A_rule_a_paragraph_and_a_rule_are_not_front_matter()
    {
        var incident = PostmortemExtractor.Extract("---\nQueue outage on 2023-03-14\n---\n\nThe queue stalled.\n", DocumentFormat.Markdown).Incident;

        Assert.Equal("Queue outage on 2023-03-14", incident.Title);
    }

    [Fact]
    public void The_title_date_beats_the_front_matter_publication_date()
    {
        var incident = PostmortemExtractor.Extract("---\nheading: \"Post-mortem: queue backlog on Aug 31, 2023\"\ndate: 2023-09-08\n---\n\nThe queue stalled.\n").Incident;

        Assert.Equal(new DateOnly(2023, 8, 31), incident.IncidentDate);
    }

    [Fact]
    public void A_date_label_beats_a_date_in_the_prose()
    {
        Assert.Equal(new DateOnly(2026, 4, 17), DateOf("# Queue outage\n\nOn 2026-04-01 we changed the broker.\n\n**Date:** 2026-04-17\n"));
    }

    [Fact]
    public void A_title_date_far_outside_the_timeline_is_a_stale_heading()
    {
        var markdown = "# 2022-01-27, queue limit reached\n\n## Summary\n\nThe queue stalled.\n\n## Timeline\n\n### 2022-06-02 10:00 - Problem starts\n\nNo launches.\n\n### 2022-06-02 21:00 - Team alerted\n";

        Assert.Equal(new DateOnly(2022, 6, 2), DateOf(markdown));
    }

    [Fact]
    public void A_title_date_days_after_a_background_timeline_entry_stays()
    {
        var markdown = "# 24-10-2024 - Queue outage\n\n## Timeline\n\n- 16-10-2024 11:58 - a change is merged upstream\n- 24-10-2024 09:00 - queue stalls\n";

        Assert.Equal(new DateOnly(2024, 10, 24), DateOf(markdown));
    }

    [Theory]
    [InlineData("# 12-01-2026 - Queue outage\n\nOn 28 November 2025 the broker was upgraded.\n", 2026, 1, 12)]
    [InlineData("# 12-01-2026 - Queue outage\n\nOn November 28, 2025 the broker was upgraded.\n", 2026, 12, 1)]
    [InlineData("# 12-01-2026 - Queue outage\n\n## Timeline\n\n- 13-01-2026 09:00 - queue drained\n", 2026, 1, 12)]
    [InlineData("# Queue outage 5-26-21\n\nThe queue stalled.\n", 2021, 5, 26)]
    public void A_numeric_date_both_ways_readable_is_read_as_the_document_writes_its_dates(string markdown, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DateOf(markdown));
    }

    [Fact]
    public void An_mdx_export_is_code_and_its_date_no_label()
    {
        var markdown = "import { Layout } from '@/components/Layout'\n\nexport const post = {\n  author: 'Ann',\n  date: '2024-11-19',\n}\n\n## Ensuring best practices\n\nOn November 5th, 2024 we had a global outage.\n";

        Assert.Equal(new DateOnly(2024, 11, 5), DateOf(markdown));
    }

    // IncidentDates only runs its patterns on text that passes its cheap guards (MayHoldNamedMonthDate,
    // MayBeDaySuffixOrOf, SeparatedDigits); every written form here must get through them. A guard that says no
    // too early loses the date silently: "5th of May 2023" (no comma) would still be found month first, the comma
    // form would not.
    [Theory]
    [InlineData("On Sept. 5, 2023 the queue stalled.", 2023, 9, 5)]
    [InlineData("On the 5th of May, 2023 the queue stalled.", 2023, 5, 5)]
    [InlineData("On 1st June 2023 the queue stalled.", 2023, 6, 1)]
    [InlineData("On 14 Mar., 2023 the queue stalled.", 2023, 3, 14)]
    [InlineData("ON 22ND OCT, 2023 THE QUEUE STALLED.", 2023, 10, 22)]
    [InlineData("Queue outage \u2014March 14th, \u201923", 2023, 3, 14)]
    [InlineData("10:02 - see https://x.org/a and 24/10/2024 db1001", 2024, 10, 24)]
    [InlineData("Marostegui 12 and Mayday 3 came first; then SEPT. 5, 2023", 2023, 9, 5)]
    [InlineData("decided 4 times, on 1st of february 2021", 2021, 2, 1)]
    [InlineData("(5 JANUARY 2024)", 2024, 1, 5)]
    [InlineData("05-06-2024 and 12/25/2023", 2023, 12, 25)]
    [InlineData("v1-2-3 then (13-02-2024)", 2024, 2, 13)]
    public void Every_written_date_form_passes_the_guards(string text, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), IncidentDates.FirstIn(text));
    }

    // The month guard (MaySpellMonth) keeps its own list of spellings beside the pattern's: a spelling the pattern
    // takes and the guard lacks would lose its dates silently. Every spelling, both orders, any case.
    [Theory]
    [InlineData("jan", 1)] [InlineData("January", 1)] [InlineData("FEB", 2)] [InlineData("february", 2)] [InlineData("Mar", 3)]
    [InlineData("march", 3)] [InlineData("apr", 4)] [InlineData("April", 4)] [InlineData("May", 5)] [InlineData("jun", 6)]
    [InlineData("June", 6)] [InlineData("Jul", 7)] [InlineData("july", 7)] [InlineData("aug", 8)] [InlineData("AUGUST", 8)]
    [InlineData("sep", 9)] [InlineData("Sept", 9)] [InlineData("september", 9)] [InlineData("oct", 10)] [InlineData("October", 10)]
    [InlineData("nov", 11)] [InlineData("November", 11)] [InlineData("dec", 12)] [InlineData("December", 12)]
    public void Every_month_spelling_passes_the_guard_in_both_orders(string month, int number)
    {
        Assert.Equal(new DateOnly(2023, number, 14), IncidentDates.FirstIn($"The queue stalled on {month} 14, 2023."));
        Assert.Equal(new DateOnly(2023, number, 14), IncidentDates.FirstIn($"The queue stalled on 14 {month}. 2023."));
    }

    [Fact]
    public void A_timeline_line_with_a_month_stem_and_dashes_but_no_date_gives_none()
    {
        Assert.Null(IncidentDates.FirstIn("12:46 PROBLEM - db1001 is CRITICAL, var-site=eqiad, Marostegui: may"));
    }
}
