using System.Text.Json;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>The five seed postmortems against seeds/expected.json, the acceptance test of extraction.</summary>
public class SeedTests
{
    private static readonly string SeedDirectory = Path.Combine(AppContext.BaseDirectory, "Extraction", "Seeds");

    public static TheoryData<string> SeedFiles() => new(
        "000_13ab8f83be1be2d7.txt", "001_0bbee5f82e2b96ce.txt", "002_1ee8d0db6cb254e7.txt",
        "003_3f6ea41b0428c161.txt", "004_16ce96b06dd93736.txt");

    private static ExtractionResult ExtractSeed(string file) =>
        PostmortemExtractor.Extract(File.ReadAllText(Path.Combine(SeedDirectory, file)));

    private static JsonElement ExpectedFor(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedDirectory, "expected.json")));
        return document.RootElement.EnumerateArray().Single(e => e.GetProperty("file").GetString() == file).Clone();
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Seed_format_is_detected_as_expected(string file)
    {
        var expected = ExpectedFor(file).GetProperty("format").GetString() switch
        {
            "wikitext" => DocumentFormat.Wikitext,
            "wikitech-rendered" => DocumentFormat.WikitechRendered,
            "markdown" => DocumentFormat.Markdown,
            _ => DocumentFormat.Html,
        };

        Assert.Equal(expected, ExtractSeed(file).Format);
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Seed_actionables_match_expected_titles_refs_done_and_review_flags(string file)
    {
        var expected = ExpectedFor(file).GetProperty("actionables").EnumerateArray().ToList();
        var actual = ExtractSeed(file).Actionables;

        Assert.Equal(expected.Select(e => e.GetProperty("title").GetString()), actual.Select(a => a.Title));
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var got = actual[i];
            Assert.Equal(i + 1, got.Ordinal);
            Assert.Equal(want.GetProperty("refs").EnumerateArray().Select(r => r.GetString()), got.References.Select(r => r.Key));
            Assert.Equal(want.GetProperty("done").ValueKind == JsonValueKind.Null ? null : want.GetProperty("done").GetBoolean(), got.Done);
            if (want.TryGetProperty("needsReview", out var needsReview))
            {
                Assert.Equal(needsReview.GetBoolean(), got.NeedsReview);
            }

            if (want.TryGetProperty("section", out var section))
            {
                Assert.Equal(section.GetString(), got.Section);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Seed_incident_metadata_matches_expected(string file)
    {
        var want = ExpectedFor(file).GetProperty("incident");
        var got = ExtractSeed(file).Incident;

        Assert.Equal(want.GetProperty("title").GetString(), got.Title);
        Assert.Equal(StringOrNull(want, "date"), got.IncidentDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(InstantOrNull(want, "start"), got.StartedAt);
        Assert.Equal(InstantOrNull(want, "end"), got.EndedAt);
        Assert.Equal(StringOrNull(want, "taskRef"), got.TaskRef);
        if (want.TryGetProperty("slug", out var slug))
        {
            Assert.Equal(slug.GetString(), got.Slug);
        }

        if (want.TryGetProperty("peoplePaged", out var paged))
        {
            Assert.Equal(paged.GetInt32(), got.PeoplePaged);
        }

        if (want.TryGetProperty("responderCount", out var responders))
        {
            Assert.Equal(responders.GetInt32(), got.ResponderCount);
        }

        if (want.TryGetProperty("coordinators", out var coordinators))
        {
            Assert.Equal(coordinators.EnumerateArray().Select(c => c.GetString()), got.Coordinators);
        }

        if (want.TryGetProperty("documentStatus", out var status))
        {
            Assert.Equal("in-review", status.GetString());
            Assert.Equal(DocumentStatus.InReview, got.DocumentStatus);
        }
    }

    [Theory]
    [InlineData("000_13ab8f83be1be2d7.txt")]
    [InlineData("001_0bbee5f82e2b96ce.txt")]
    public void Seed_timeline_markers_are_at_the_expected_times(string file)
    {
        var want = ExpectedFor(file).GetProperty("timeline_markers");
        var timeline = ExtractSeed(file).Timeline;

        Assert.Equal(want.GetProperty("outage_begins").GetString(), Assert.Single(timeline, e => e.Marker == TimelineMarker.OutageBegins).TimeText);
        Assert.Equal(want.GetProperty("outage_ends").GetString(), Assert.Single(timeline, e => e.Marker == TimelineMarker.OutageEnds).TimeText);
    }

    [Fact]
    public void Seed_000_has_an_empty_scorecard_of_fifteen_unknown_answers()
    {
        var scorecard = ExtractSeed("000_13ab8f83be1be2d7.txt").Scorecard;

        Assert.Equal(15, scorecard.Count);
        Assert.Equal(5, scorecard.Count(s => s.Category == ScorecardCategory.People));
        Assert.Equal(5, scorecard.Count(s => s.Category == ScorecardCategory.Process));
        Assert.Equal(5, scorecard.Count(s => s.Category == ScorecardCategory.Tooling));
        Assert.All(scorecard, s => Assert.Equal(ScorecardAnswerValue.Unknown, s.Answer));
        Assert.Contains(scorecard, s => s.Question.EndsWith("make mitigation easier if implemented.", StringComparison.Ordinal));
    }

    [Fact]
    public void Seed_000_what_went_poorly_bullets_are_not_actionables_and_dangling_commas_are_warned()
    {
        var result = ExtractSeed("000_13ab8f83be1be2d7.txt");

        Assert.DoesNotContain(result.Actionables, a => a.Title.Contains("Maps deployment needs better documentation", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("item 2 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Seed_001_scorecard_answers_and_notes_are_read_from_tab_separated_rows()
    {
        var scorecard = ExtractSeed("001_0bbee5f82e2b96ce.txt").Scorecard;

        Assert.Equal(15, scorecard.Count);
        var incidentStatus = Assert.Single(scorecard, s => s.Question.StartsWith("Was the \"Incident status\" section", StringComparison.Ordinal));
        Assert.Equal((ScorecardCategory.Process, ScorecardAnswerValue.No, "no google doc"), (incidentStatus.Category, incidentStatus.Answer, incidentStatus.Note));
        var assigned = Assert.Single(scorecard, s => s.Question == "Are the documented action items assigned?");
        Assert.Equal((ScorecardAnswerValue.Yes, "no action items"), (assigned.Answer, assigned.Note));
        Assert.Equal(10, scorecard.Count(s => s.Answer == ScorecardAnswerValue.Yes));
        Assert.Equal(5, scorecard.Count(s => s.Answer == ScorecardAnswerValue.No));
    }

    [Fact]
    public void Seed_001_gerrit_link_in_the_timeline_is_not_an_item()
    {
        var result = ExtractSeed("001_0bbee5f82e2b96ce.txt");

        Assert.Equal(4, result.Actionables.Count);
        Assert.All(result.Actionables, a => Assert.Empty(a.References));
    }

    [Fact]
    public void Seed_002_none_at_this_point_in_time_gives_zero_items_with_a_warning()
    {
        var result = ExtractSeed("002_1ee8d0db6cb254e7.txt");

        Assert.Empty(result.Actionables);
        Assert.Contains(result.Warnings, w => w.Contains("None at this point in time", StringComparison.Ordinal));
        Assert.StartsWith("During reimaging of the codfw kubernetes hosts", result.Incident.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_003_metadata_block_scorecard_and_timeline_are_read()
    {
        var result = ExtractSeed("003_3f6ea41b0428c161.txt");

        Assert.Empty(result.Actionables);
        Assert.Contains("section 'Actionables' is empty", result.Warnings);
        Assert.Equal(11, result.Incident.ScorecardTotalScore);
        Assert.Equal(15, result.Scorecard.Count);
        Assert.Equal(11, result.Scorecard.Count(s => s.Answer == ScorecardAnswerValue.Yes));
        var openQueue = Assert.Single(result.Scorecard, s => s.Question.Contains("open task queue free", StringComparison.Ordinal));
        Assert.Equal((ScorecardCategory.Tooling, ScorecardAnswerValue.Unknown), (openQueue.Category, openQueue.Answer));
        Assert.StartsWith("For approximately one hour after 5am UTC", result.Incident.Impact, StringComparison.Ordinal);
        Assert.StartsWith("An operator exercised the new mwscript-k8s utility", result.Incident.Summary, StringComparison.Ordinal);
        var begins = Assert.Single(result.Timeline, e => e.Marker == TimelineMarker.OutageBegins);
        Assert.Equal(new DateTimeOffset(2024, 10, 9, 5, 1, 36, TimeSpan.Zero), begins.At);
        Assert.Equal(new DateTimeOffset(2024, 10, 9, 6, 10, 0, TimeSpan.Zero), Assert.Single(result.Timeline, e => e.Marker == TimelineMarker.OutageEnds).At);
        Assert.All(result.Timeline, e => Assert.NotNull(e.At));
    }

    [Fact]
    public void Seed_004_prevention_prose_gives_low_confidence_items_and_skips_what_went_wrong()
    {
        var result = ExtractSeed("004_16ce96b06dd93736.txt");

        Assert.Equal(2, result.Actionables.Count);
        Assert.All(result.Actionables, a => Assert.True(a.Confidence < 0.7));
        Assert.DoesNotContain(result.Actionables, a => a.Title.Contains("uptime monitoring", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2024, 8, 10), result.Incident.IncidentDate);
    }

    private static string? StringOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? InstantOrNull(JsonElement element, string name) =>
        StringOrNull(element, name) is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
}
