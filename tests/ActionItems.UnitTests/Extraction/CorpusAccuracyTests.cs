using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using Xunit.Abstractions;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// Extraction measured against the hand-labelled corpus of real postmortems in tests/corpus (issue 18, step 1 and 2;
/// docs/extraction-corpus.md says how it was built and labelled). The seeds test asks for exact output on five files;
/// this one asks how close the extractor comes on documents it was not tuned to, so it matches items by text
/// similarity instead of comparing them in order.
/// </summary>
public class CorpusAccuracyTests(ITestOutputHelper output, CorpusReportFixture shared) : IClassFixture<CorpusReportFixture>
{
    // Issue 18's "done when": the accuracy the extractor must reach on this corpus.
    private const double TargetF1 = 0.95;
    private const double TargetReferenceRecall = 0.98;
    private const double TargetDoneAccuracy = 0.9;

    internal static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus");

    [Fact]
    public void Corpus_is_well_formed_every_file_has_a_source_a_licence_and_labels()
    {
        var corpus = shared.Corpus;
        var documentFiles = DocumentFiles();

        Assert.Equal(documentFiles, corpus.Manifest.Select(m => m.File).Order(StringComparer.Ordinal));
        Assert.Equal(documentFiles, corpus.Labels.Select(l => l.File).Order(StringComparer.Ordinal));
        Assert.All(corpus.Manifest, entry =>
        {
            Assert.Matches(@"^\d{3}_[a-z0-9]+_[a-z0-9.-]+\.(md|html|wiki|txt)$", entry.File);
            Assert.StartsWith("https://", entry.Source, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(entry.Organisation), entry.File);
            Assert.False(string.IsNullOrWhiteSpace(entry.Licence), entry.File);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", entry.Retrieved);
            Assert.Equal(FormatOfExtension(entry.File), entry.Format);
            Assert.Equal(entry.Format, corpus.LabelsFor(entry.File).Format);
        });
        Assert.All(corpus.Labels, label => Assert.All(label.Actionables, item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Title), label.File);
            // A parent names another labelled item of the same document, so the hierarchy can be checked later.
            Assert.True(item.Parent is null || label.Actionables.Any(other => other.Title == item.Parent), $"{label.File}: parent '{item.Parent}'");
        }));

        Assert.True(corpus.Manifest.Count >= 40, $"{corpus.Manifest.Count} documents, issue 18 asks for at least 40");
        var organisations = corpus.Manifest.Select(m => m.Organisation).Distinct(StringComparer.Ordinal).Count();
        Assert.True(organisations >= 15, $"{organisations} organisations, issue 18 asks for at least 15");
        // Pages with no actionables at all are what measures precision; the corpus must keep some.
        Assert.True(corpus.Labels.Count(l => l.Actionables.Count == 0) >= 5, "fewer than 5 documents without actionables");
    }

    [Fact]
    public void Corpus_covers_all_four_formats_with_at_least_eight_html_articles()
    {
        var corpus = shared.Corpus;
        var manifest = corpus.Manifest;

        Assert.Equal(["html", "markdown", "wikitech-rendered", "wikitext"], manifest.Select(m => m.Format).Distinct().Order(StringComparer.Ordinal));
        var html = manifest.Where(m => m.Format == "html").ToList();
        Assert.True(html.Count >= 8, $"{html.Count} HTML articles, issue 18 asks for at least 8");
        // "from several site generators": one organisation's blog would measure one generator's markup only.
        Assert.True(html.Select(m => m.Organisation).Distinct(StringComparer.Ordinal).Count() >= 3, "HTML articles from fewer than 3 organisations");
        Assert.True(manifest.Count(m => m.Format == "wikitech-rendered") >= 3, "fewer than 3 rendered-text pages");

        // Each document must be read by the reader of its own format, or the per-format figures measure another reader.
        var report = shared.Report;
        output.WriteLine(report.Render());
        Assert.All(report.Documents, row => Assert.True(row.DetectedFormat == row.Format, $"{row.File}: labelled {row.Format}, detected {row.DetectedFormat}"));

        // Every format with labelled items is measured, and the formats issue 18 added reach its targets on their own.
        var byFormat = report.ByFormat();
        Assert.Equal(["html", "markdown", "wikitech-rendered", "wikitext"], byFormat.Keys.Order(StringComparer.Ordinal));
        Assert.All(byFormat.Values, totals => Assert.True(totals.Labelled > 0));
        foreach (var format in new[] { "html", "wikitech-rendered" })
        {
            var totals = byFormat[format];
            Assert.True(totals.F1 >= TargetF1, $"{format}: item F1 {totals.F1:0.000} < {TargetF1}");
            Assert.True(totals.ReferenceRecall >= TargetReferenceRecall, $"{format}: reference recall {totals.ReferenceRecall:0.000} < {TargetReferenceRecall}");
        }
    }

    [Fact]
    public void Matcher_scores_a_hand_made_document_exactly()
    {
        // Four labels, four extracted items: a reworded title, a title cut to its first sentence, a spurious item,
        // a reference-only item found by its reference, and one label nobody extracted.
        List<LabelledItem> labels =
        [
            new("Add alerting for disk space on the SDK gateways", ["acme/infra#12"], Done: false),
            new("Document the rollover process. Especially what can be done in case it goes bad", [], Done: true),
            new("#2127", ["#2127"], Done: null),
            new("Schedule a game day with the database team", ["T123456"], Done: false),
        ];
        List<ExtractedItem> extracted =
        [
            new("Document the rollover process", [], Done: false),
            new("Add alerting for disk space on SDK gateways", ["acme/infra#12"], Done: false),
            new("What went wrong: nobody was paged", [], Done: null),
            new("2i2c-org/infrastructure#2127", ["2i2c-org/infrastructure#2127"], Done: null),
        ];

        var score = CorpusMatcher.Score(labels, extracted);

        Assert.Equal(3, score.Matched);
        Assert.Equal([(0, 1), (1, 0), (2, 3)], score.Pairs.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.Equal(0.75, score.Precision, 3);
        Assert.Equal(0.75, score.Recall, 3);
        Assert.Equal(0.75, score.F1, 3);
        // T123456 belongs to the unmatched label: it counts as not found.
        Assert.Equal((2, 3), (score.ReferencesFound, score.ReferencesLabelled));
        // Matched labels with a done value: the alerting item (right) and the rollover item (wrong).
        Assert.Equal((1, 2), (score.DoneCorrect, score.DoneLabelled));
    }

    [Theory]
    [InlineData("Fix Icinga monitoring for maps", "fix icinga monitoring for maps", true)]
    [InlineData("Make sure user pods are in a separate pool", "Make sure user pods are in a separate pool, so they do not create pressure on the core pods", true)]
    [InlineData("Implement staging environment", "Implement guards against invalid container runtime selection", false)]
    [InlineData("Add alerts", "Add alerts for when bandwidth across the cluster reaches a certain threshold", false)]
    public void Titles_match_when_they_share_most_words_or_one_contains_the_other(string label, string extracted, bool matches)
    {
        Assert.Equal(matches, CorpusMatcher.TitleSimilarity(label, extracted) >= CorpusMatcher.MatchThreshold);
    }

    [Fact]
    public void Corpus_report_is_written_for_every_document()
    {
        var report = shared.Report;
        var text = report.Render();

        output.WriteLine(text);
        var path = ReportPath();
        File.WriteAllText(path, text);
        output.WriteLine($"report written to {path}");

        // Against the directory, not the labels the report was built from: a document missing from expected.json fails.
        Assert.Equal(DocumentFiles(), report.Documents.Select(d => d.File).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(report.Documents, d => d.Error is not null);
    }

    [Fact]
    public void Corpus_accuracy_reaches_issue_18_targets()
    {
        var report = shared.Report;
        output.WriteLine(report.Render());

        Assert.True(report.Overall.F1 >= TargetF1, $"item F1 {report.Overall.F1:0.000} < {TargetF1}");
        Assert.True(report.Overall.ReferenceRecall >= TargetReferenceRecall, $"reference recall {report.Overall.ReferenceRecall:0.000} < {TargetReferenceRecall}");
        Assert.True(report.Overall.DoneAccuracy >= TargetDoneAccuracy, $"done accuracy {report.Overall.DoneAccuracy:0.000} < {TargetDoneAccuracy}");
    }

    [Fact]
    public void No_corpus_document_gives_an_item_from_a_none_or_empty_section()
    {
        // "None.", "None at this point in time", "TBD", "N/A", nothing: what a section says when it has no actionables.
        // The titles come from the shared report, so the corpus is extracted once per run.
        var extracted = shared.Report.Documents.SelectMany(d => d.Extracted.Select(title => (d.File, Title: title))).ToList();
        var fromNone = extracted.Where(i => i.Title.Length == 0 || ItemText.IsNoneMarker(i.Title)).ToList();

        // The report's rows carry what was extracted: an empty list would pass the check below for nothing.
        Assert.Equal(shared.Report.Overall.Extracted, extracted.Count);

        Assert.Empty(fromNone);
    }

    /// <summary>The corpus's documents as the directory holds them: every file but the manifest and the labels.</summary>
    private static List<string> DocumentFiles() => Directory.GetFiles(CorpusDirectory)
        .Select(file => Path.GetFileName(file) ?? file)
        .Where(name => name is not ("manifest.json" or "expected.json"))
        .Order(StringComparer.Ordinal)
        .ToList();

    private static string FormatOfExtension(string file) => Path.GetExtension(file) switch
    {
        ".md" => "markdown",
        ".html" => "html",
        ".wiki" => "wikitext",
        _ => "wikitech-rendered",
    };

    /// <summary>TestResults/ of the checkout when it exists (CI collects that folder), else the temp folder.</summary>
    private static string ReportPath()
    {
        var results = Path.Combine(RepositoryRoot.Path, "TestResults");
        return Path.Combine(Directory.Exists(results) ? results : Path.GetTempPath(), "corpus-report.txt");
    }
}

/// <summary>
/// The corpus and its report, made once for all of <see cref="CorpusAccuracyTests"/>: the report extracts every one of
/// the 68 documents, which three tests used to do each.
/// </summary>
public sealed class CorpusReportFixture
{
    // Made on first use: a corpus or report that fails fails the tests that read it, not the whole class.
    private readonly Lazy<Corpus> _corpus = new(() => Corpus.Load(CorpusAccuracyTests.CorpusDirectory));
    private readonly Lazy<CorpusReport> _report;

    public CorpusReportFixture() => _report = new(() => CorpusReport.Run(Corpus));

    internal Corpus Corpus => _corpus.Value;

    internal CorpusReport Report => _report.Value;
}

internal sealed record ManifestEntry(string File, string Format, string Organisation, string Source, string? Published, string Licence, string Retrieved);

internal sealed record LabelledItem(string Title, IReadOnlyList<string> Refs, bool? Done, string? Parent = null);

internal sealed record LabelledDocument(string File, string Format, IReadOnlyList<LabelledItem> Actionables);

internal sealed record ExtractedItem(string Title, IReadOnlyList<string> Refs, bool? Done);

/// <summary>tests/corpus as copied to the test output: manifest.json (provenance) and expected.json (labels).</summary>
internal sealed record Corpus(string Directory, IReadOnlyList<ManifestEntry> Manifest, IReadOnlyList<LabelledDocument> Labels)
{
    public static Corpus Load(string directory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "manifest.json")));
        var entries = manifest.RootElement.GetProperty("documents").EnumerateArray().Select(d => new ManifestEntry(
            Text(d, "file"), Text(d, "format"), Text(d, "organisation"), Text(d, "source"),
            d.TryGetProperty("published", out var published) ? published.GetString() : null,
            Text(d, "licence"), Text(d, "retrieved"))).ToList();

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "expected.json")));
        var labels = expected.RootElement.EnumerateArray().Select(d => new LabelledDocument(
            Text(d, "file"),
            Text(d, "format"),
            d.GetProperty("actionables").EnumerateArray().Select(a => new LabelledItem(
                Text(a, "title"),
                a.GetProperty("refs").EnumerateArray().Select(r => r.GetString() ?? "").ToList(),
                a.GetProperty("done").ValueKind == JsonValueKind.Null ? null : a.GetProperty("done").GetBoolean(),
                a.TryGetProperty("parent", out var parent) ? parent.GetString() : null)).ToList())).ToList();

        return new Corpus(directory, entries, labels);
    }

    public LabelledDocument LabelsFor(string file) => Labels.Single(l => l.File == file);

    /// <summary>Where a reader should resolve the document from: the published page when the manifest names one.</summary>
    public string SourceUrlFor(string file)
    {
        var entry = Manifest.Single(m => m.File == file);
        return entry.Published ?? entry.Source;
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString() ?? "";
}

/// <summary>How one document's extracted items compare with its labels.</summary>
internal sealed record DocumentScore(
    int Labelled,
    int Extracted,
    int Matched,
    IReadOnlyDictionary<int, int> Pairs,
    int ReferencesLabelled,
    int ReferencesFound,
    int DoneLabelled,
    int DoneCorrect)
{
    // A document with nothing labelled and nothing extracted is right on both counts.
    public double Precision => Extracted == 0 ? (Labelled == 0 ? 1 : 0) : (double)Matched / Extracted;
    public double Recall => Labelled == 0 ? (Extracted == 0 ? 1 : 0) : (double)Matched / Labelled;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// One-to-one matching of extracted items to labels. Titles are compared as sets of lower-cased words: a pair matches
/// when the sets overlap enough (Jaccard) or when the smaller one, of at least three words, lies almost wholly inside
/// the larger — so a label written as the item's first sentence still finds an extracted item that kept the whole
/// paragraph, and vice versa. A label that is only a reference (<c>#812</c>, an issue URL) matches an item carrying
/// that reference. Pairs are taken best first, each label and each item at most once.
/// </summary>
internal static partial class CorpusMatcher
{
    public const double MatchThreshold = 0.6;
    private const double ContainmentThreshold = 0.9;
    private const int ContainmentMinimumWords = 3;

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word { get; }

    public static DocumentScore Score(IReadOnlyList<LabelledItem> labels, IReadOnlyList<ExtractedItem> extracted)
    {
        var candidates = new List<(double Score, int Label, int Item)>();
        for (var l = 0; l < labels.Count; l++)
        {
            for (var e = 0; e < extracted.Count; e++)
            {
                var score = Similarity(labels[l], extracted[e]);
                if (score >= MatchThreshold)
                {
                    candidates.Add((score, l, e));
                }
            }
        }

        var pairs = new Dictionary<int, int>();
        var takenItems = new HashSet<int>();
        foreach (var (_, label, item) in candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Label).ThenBy(c => c.Item))
        {
            if (!pairs.ContainsKey(label) && takenItems.Add(item))
            {
                pairs[label] = item;
            }
        }

        var referencesFound = pairs.Sum(p => labels[p.Key].Refs.Count(r => extracted[p.Value].Refs.Any(found => SameReference(r, found))));
        var doneLabelled = pairs.Keys.Count(l => labels[l].Done is not null);
        var doneCorrect = pairs.Count(p => labels[p.Key].Done is { } done && extracted[p.Value].Done == done);
        return new DocumentScore(labels.Count, extracted.Count, pairs.Count, pairs,
            labels.Sum(l => l.Refs.Count), referencesFound, doneLabelled, doneCorrect);
    }

    public static double TitleSimilarity(string label, string extracted)
    {
        var a = Words(label);
        var b = Words(extracted);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Intersect(b).Count();
        var jaccard = (double)common / a.Union(b).Count();
        var smaller = Math.Min(a.Count, b.Count);
        var containment = smaller >= ContainmentMinimumWords ? (double)common / smaller : 0;
        // Containment alone counts as a match at the threshold, below any genuine near-identical title.
        return containment >= ContainmentThreshold ? Math.Max(jaccard, MatchThreshold + (0.3 * jaccard)) : jaccard;
    }

    private static double Similarity(LabelledItem label, ExtractedItem item)
    {
        var text = TitleSimilarity(label.Title, item.Title);
        var referenceOnly = label.Refs.Count > 0 && Words(label.Title).IsSubsetOf(label.Refs.SelectMany(Words).Concat(UrlWords));
        return referenceOnly && label.Refs.Any(r => item.Refs.Any(found => SameReference(r, found))) ? Math.Max(text, 1.0) : text;
    }

    /// <summary>Keys compare case-insensitively; a label written <c>#2127</c> (repository unknown) matches any <c>owner/repo#2127</c>.</summary>
    public static bool SameReference(string labelled, string found) =>
        labelled.StartsWith('#')
            ? found.EndsWith(labelled, StringComparison.OrdinalIgnoreCase)
            : string.Equals(labelled, found, StringComparison.OrdinalIgnoreCase);

    // Words of an issue URL that are not part of its key, so a URL-only title still counts as "only a reference".
    private static readonly string[] UrlWords = ["https", "http", "www", "github", "com", "issues", "pull"];

    private static HashSet<string> Words(string text) =>
        Word.Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}

/// <summary>The accuracy report: one row per document and the totals over all of them (micro-averaged).</summary>
internal sealed record CorpusReport(IReadOnlyList<CorpusReport.DocumentRow> Documents, CorpusReport.Totals Overall)
{
    private const int WorstShown = 10;

    internal sealed record DocumentRow(
        LabelledDocument Labels,
        string Format,
        string? DetectedFormat,
        DocumentScore? Score,
        IReadOnlyList<string> Extracted,
        IReadOnlyList<string> Missed,
        IReadOnlyList<string> Spurious,
        string? Error)
    {
        public string File => Labels.File;
    }

    internal sealed record Totals(int Labelled, int Extracted, int Matched, int ReferencesLabelled, int ReferencesFound, int DoneLabelled, int DoneCorrect)
    {
        public double Precision => Extracted == 0 ? 0 : (double)Matched / Extracted;
        public double Recall => Labelled == 0 ? 0 : (double)Matched / Labelled;
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
        public double ReferenceRecall => ReferencesLabelled == 0 ? 1 : (double)ReferencesFound / ReferencesLabelled;
        public double DoneAccuracy => DoneLabelled == 0 ? 1 : (double)DoneCorrect / DoneLabelled;
    }

    public static CorpusReport Run(Corpus corpus)
    {
        var rows = corpus.Labels.Select(label => Measure(corpus, label)).ToList();
        return new CorpusReport(rows, Sum(rows));
    }

    /// <summary>The totals of each labelled format's documents alone (micro-averaged within the format).</summary>
    public IReadOnlyDictionary<string, Totals> ByFormat() =>
        Documents.GroupBy(r => r.Format, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Sum(g.ToList()), StringComparer.Ordinal);

    private static Totals Sum(IReadOnlyList<DocumentRow> rows)
    {
        var scored = rows.Where(r => r.Score is not null).Select(r => r.Score!).ToList();
        // A document the extractor could not read counts as nothing extracted.
        var unread = rows.Where(r => r.Score is null).ToList();
        return new Totals(
            scored.Sum(s => s.Labelled) + unread.Sum(r => r.Labels.Actionables.Count),
            scored.Sum(s => s.Extracted),
            scored.Sum(s => s.Matched),
            scored.Sum(s => s.ReferencesLabelled) + unread.Sum(r => r.Labels.Actionables.Sum(a => a.Refs.Count)),
            scored.Sum(s => s.ReferencesFound),
            scored.Sum(s => s.DoneLabelled),
            scored.Sum(s => s.DoneCorrect));
    }

    private static DocumentRow Measure(Corpus corpus, LabelledDocument label)
    {
        try
        {
            var result = Extract(corpus, label.File);
            var extracted = result.Actionables.Select(a => new ExtractedItem(a.Title, a.References.Select(r => r.Key).ToList(), a.Done)).ToList();
            var score = CorpusMatcher.Score(label.Actionables, extracted);
            var missed = label.Actionables.Where((_, i) => !score.Pairs.ContainsKey(i)).Select(a => a.Title).ToList();
            var matchedItems = score.Pairs.Values.ToHashSet();
            var spurious = extracted.Where((_, i) => !matchedItems.Contains(i)).Select(e => e.Title).ToList();
            return new DocumentRow(label, label.Format, FormatName(result.Format), score, extracted.Select(e => e.Title).ToList(), missed, spurious, null);
        }
        catch (ExtractionException exception)
        {
            return new DocumentRow(label, label.Format, null, null, [], [], [], exception.Message);
        }
    }

    /// <summary>A corpus document extracted as <c>extract</c> would: format detected, the published page as source.</summary>
    public static ExtractionResult Extract(Corpus corpus, string file) => PostmortemExtractor.Extract(
        File.ReadAllText(Path.Combine(corpus.Directory, file)), formatHint: null, sourceUrl: corpus.SourceUrlFor(file));

    private static string FormatName(DocumentFormat format) => format switch
    {
        DocumentFormat.Wikitext => "wikitext",
        DocumentFormat.WikitechRendered => "wikitech-rendered",
        DocumentFormat.Markdown => "markdown",
        DocumentFormat.Html => "html",
        _ => format.ToString(),
    };

    public string Render()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"Extraction accuracy on tests/corpus ({Documents.Count} documents)");
        text.AppendLine(invariant, $"overall: items labelled {Overall.Labelled}, extracted {Overall.Extracted}, matched {Overall.Matched}; "
            + $"precision {Overall.Precision:0.000}, recall {Overall.Recall:0.000}, F1 {Overall.F1:0.000}; "
            + $"reference recall {Overall.ReferenceRecall:0.000} ({Overall.ReferencesFound}/{Overall.ReferencesLabelled}); "
            + $"done accuracy {Overall.DoneAccuracy:0.000} ({Overall.DoneCorrect}/{Overall.DoneLabelled})");
        foreach (var (format, totals) in ByFormat().OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var documents = Documents.Count(r => r.Format == format);
            text.AppendLine(invariant, $"{format,-18} {documents,3} documents: labelled {totals.Labelled}, extracted {totals.Extracted}, matched {totals.Matched}; "
                + $"P {totals.Precision:0.000}, R {totals.Recall:0.000}, F1 {totals.F1:0.000}; refs {totals.ReferenceRecall:0.000} "
                + $"({totals.ReferencesFound}/{totals.ReferencesLabelled}); done {totals.DoneAccuracy:0.000} ({totals.DoneCorrect}/{totals.DoneLabelled})");
        }

        text.AppendLine();
        text.AppendLine(invariant, $"{"document",-48} {"format",-18} {"lab",4} {"ext",4} {"hit",4} {"P",6} {"R",6} {"F1",6} {"refs",7} {"done",6}");
        foreach (var row in Documents)
        {
            if (row.Score is not { } s)
            {
                text.AppendLine(invariant, $"{row.File,-48} {row.Format,-18} error: {row.Error}");
                continue;
            }

            var format = row.DetectedFormat == row.Format ? row.Format : $"{row.Format}>{row.DetectedFormat}";
            text.AppendLine(invariant, $"{row.File,-48} {format,-18} {s.Labelled,4} {s.Extracted,4} {s.Matched,4} {s.Precision,6:0.00} {s.Recall,6:0.00} {s.F1,6:0.00} "
                + $"{$"{s.ReferencesFound}/{s.ReferencesLabelled}",7} {$"{s.DoneCorrect}/{s.DoneLabelled}",6}");
        }

        text.AppendLine();
        text.AppendLine(invariant, $"worst {WorstShown} by F1 (then by missed + spurious items):");
        foreach (var row in Documents.Where(r => r.Score is not null)
                     .OrderBy(r => r.Score!.F1).ThenByDescending(r => r.Missed.Count + r.Spurious.Count).Take(WorstShown))
        {
            text.AppendLine(invariant, $"- {row.File} (F1 {row.Score!.F1:0.00})");
            foreach (var missed in row.Missed)
            {
                text.AppendLine(invariant, $"    missed:   {Shorten(missed)}");
            }

            foreach (var spurious in row.Spurious)
            {
                text.AppendLine(invariant, $"    spurious: {Shorten(spurious)}");
            }
        }

        return text.ToString();
    }

    private static string Shorten(string title) => title.Length <= 110 ? title : string.Concat(title.AsSpan(0, 107), "...");
}
