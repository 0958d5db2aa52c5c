using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Reads a postmortem (wikitext, a rendered Wikitech page, Markdown or HTML) into incident metadata,
/// timeline, scorecard and actionables. Pure and thread-safe: no I/O, no shared mutable state.
/// </summary>
public static partial class PostmortemExtractor
{
    /// <summary>
    /// Real postmortems are tens of kilobytes; far larger input is a log dump or the wrong file, and
    /// refusing it keeps every extraction well inside its two-second budget.
    /// </summary>
    public const int MaxDocumentLength = 1024 * 1024;

    [GeneratedRegex(@"\b(outage|down|unavailable|user impact|impact (begins|starts))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex TimelineOutageWord { get; }
    [GeneratedRegex(@"(#page|\bFIRING\b|\bpages? (arrive|arrived|fired|sent|went out)|\bpaged\b|\bdetected\b|\balert(s|ed)? (fired|firing)\b|\bis noticed\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DetectionCue { get; }

    /// <summary>Extracts everything the document says about the incident.</summary>
    /// <param name="text">The document.</param>
    /// <param name="formatHint">The format the caller believes it is; null or Unknown detects it.</param>
    /// <param name="sourceUrl">Where it came from; a wiki page URL also gives the title and date.</param>
    /// <param name="options">The configured trackers task references are read against; none when null.</param>
    /// <exception cref="ExtractionException">The input is empty, binary or too large to be a postmortem.</exception>
    public static ExtractionResult Extract(string text, DocumentFormat? formatHint = null, string? sourceUrl = null,
        ExtractionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = Validate(text);
        var context = new ExtractionContext();
        // Front matter is the site generator's metadata, not text: split off before the format is even detected.
        var (body, frontMatter) = FrontMatter.Split(document);
        var format = ChooseFormat(body, formatHint, frontMatter.Fields.Count > 0, context);

        try
        {
            return Analyse(body, frontMatter, format, sourceUrl, ReferenceRules.For(options, sourceUrl), context);
        }
        catch (RegexMatchTimeoutException exception)
        {
            throw new ExtractionException("the document could not be read in reasonable time", exception);
        }
    }

    private static readonly char[] BlankOrByteOrderMark = ['\uFEFF', ' ', '\t', '\r', '\n', '\u00a0'];

    /// <summary>What <see cref="LooksBinary"/> counts: NUL, the replacement character and control characters other than line and page breaks and tabs.</summary>
    private static readonly SearchValues<char> BinaryHints = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')))]);

    private static string Validate(string text)
    {
        if (text.Length > MaxDocumentLength)
        {
            throw new ExtractionException(string.Create(CultureInfo.InvariantCulture,
                $"the document is {text.Length / (1024.0 * 1024.0):0.0} M characters, more than the {MaxDocumentLength / (1024.0 * 1024.0):0.#} M a postmortem can be"));
        }

        // On spans: trimming the string copied the whole document (it ends with a newline) only to test for emptiness.
        if (text.AsSpan().Trim().IsEmpty || text.AsSpan().Trim(BlankOrByteOrderMark).IsEmpty)
        {
            throw new ExtractionException("the document is empty");
        }

        if (LooksBinary(text))
        {
            throw new ExtractionException("the document is binary data, not text");
        }

        return text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private static bool LooksBinary(string text)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, 8192));
        // Text has none of the characters counted below: one vectorised search says so without the loop.
        if (!sample.ContainsAny(BinaryHints))
        {
            return false;
        }

        var control = 0;
        foreach (var c in sample)
        {
            if (c == '\0')
            {
                return true;
            }

            if (c == '\uFFFD' || char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'))
            {
                control++;
            }
        }

        return control * 10 > sample.Length;
    }

    private static DocumentFormat ChooseFormat(string text, DocumentFormat? hint, bool hadFrontMatter, ExtractionContext context)
    {
        var (detected, scores) = FormatDetector.Detect(text);
        if (hint is null or DocumentFormat.Unknown)
        {
            // Front matter is written by the site generators that take Markdown (Jekyll, Hugo, Zola, Quarto); a page
            // copied out of a browser never has any. A post with front matter whose body shows no other markup (plain
            // paragraphs, which alone would be read as rendered text) is Markdown.
            return hadFrontMatter && detected == DocumentFormat.WikitechRendered ? DocumentFormat.Markdown : detected;
        }

        var hinted = hint.Value;
        // A hint with no evidence at all while another format is plain to see is a wrong hint.
        if (hinted != detected && scores.GetValueOrDefault(hinted) == 0 && scores[detected] >= 10)
        {
            context.Warn($"the document does not look like {Describe(hinted)}; it was read as {Describe(detected)}");
            return detected;
        }

        return hinted;
    }

    private static string Describe(DocumentFormat format) => format switch
    {
        DocumentFormat.Wikitext => "wikitext",
        DocumentFormat.WikitechRendered => "a rendered Wikitech page",
        DocumentFormat.Markdown => "Markdown",
        DocumentFormat.Html => "HTML",
        _ => "a known format",
    };

    private static ExtractionResult Analyse(string text, FrontMatter frontMatter, DocumentFormat format, string? sourceUrl, ReferenceRules rules,
        ExtractionContext context)
    {
        string? htmlTitle = null;
        List<DocBlock> blocks;
        switch (format)
        {
            case DocumentFormat.Wikitext:
                blocks = new WikitextReader(context).Read(text);
                break;
            case DocumentFormat.Markdown:
                blocks = new MarkdownReader(context).Read(text);
                break;
            case DocumentFormat.Html:
                var htmlReader = new HtmlReader(context);
                blocks = htmlReader.Read(text);
                htmlTitle = htmlReader.PageTitle;
                break;
            default:
                format = DocumentFormat.WikitechRendered;
                blocks = new RenderedTextReader(context).Read(text);
                break;
        }

        var sections = SectionIndex.Build(blocks);
        if (ListIntroduction.Promote(blocks, sections))
        {
            sections = SectionIndex.Build(blocks);
        }

        var metadata = new MetadataExtractor(blocks, sections, rules, frontMatter);
        var incident = metadata.Extract(sourceUrl, htmlTitle);
        var timeline = TimelineExtractor.Extract(blocks, sections, incident.IncidentDate, context);
        incident = CompleteFromTimeline(incident, timeline);
        // Last resorts, after the outage entry of the timeline: its earliest date, then a date stated near the top.
        incident = incident with { IncidentDate = incident.IncidentDate ?? metadata.TimelineDate ?? metadata.ProseDate };

        var scorecardExtractor = new ScorecardExtractor();
        var scorecard = scorecardExtractor.Extract(blocks, sections);
        incident = incident with { ScorecardTotalScore = scorecardExtractor.TotalScore };

        var actionables = new ActionablesExtractor(context, blocks, sections, rules).Extract();
        if (blocks.Count == 0)
        {
            context.Warn("no readable content was found in the document");
        }

        return new ExtractionResult(format, incident, timeline, scorecard, actionables, context.Warnings.ToList())
        {
            HasActionablesSection = context.FoundActionablesSection,
        };
    }

    private static ExtractedIncident CompleteFromTimeline(ExtractedIncident incident, IReadOnlyList<ExtractedTimelineEntry> timeline)
    {
        var begins = timeline.FirstOrDefault(e => e.Marker == TimelineMarker.OutageBegins && e.At is not null);
        var ends = timeline.LastOrDefault(e => e.Marker == TimelineMarker.OutageEnds && e.At is not null);
        var date = incident.IncidentDate;
        if (date is null)
        {
            // The incident happened when the outage did, not when the first (background) event was logged.
            var outage = begins ?? timeline.FirstOrDefault(e => e.At is not null && TimelineOutageWord.IsMatch(e.Text));
            date = outage?.At is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null;
        }

        var detected = incident.DetectedAt
            ?? timeline.FirstOrDefault(e => e.At is not null && DetectionCue.IsMatch(e.Text))?.At;

        return incident with
        {
            IncidentDate = date,
            StartedAt = incident.StartedAt ?? begins?.At,
            EndedAt = incident.EndedAt ?? ends?.At,
            DetectedAt = detected,
        };
    }
}
