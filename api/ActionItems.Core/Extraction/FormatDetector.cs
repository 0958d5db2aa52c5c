using System.Buffers;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;

namespace ActionItems.Core.Extraction;

/// <summary>Guesses the format from tell-tale constructs; each format gets a score per line of evidence.</summary>
internal static partial class FormatDetector
{
    private const int SampleLength = 200_000;

    // Characters without which a pattern below cannot match: most lines are prose and skip the regex.
    private static readonly SearchValues<char> WikiMarkupChars = SearchValues.Create("[{'|");
    private static readonly SearchValues<char> MarkdownMarkupChars = SearchValues.Create("[`*|");
    private static readonly SearchValues<char> RenderedMarkerFirstChars = SearchValues.Create("jJfFcCtTrRnN");

    [GeneratedRegex(@"<(html|body|head|div|p|ul|ol|li|h[1-6]|table|tr|td|th|span|a|br|article|section)(\s[^<>]{0,500})?/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex HtmlTag { get; }
    [GeneratedRegex(@"^={2,6}[^=].*={2,6}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex WikiHeading { get; }
    [GeneratedRegex(@"^[*#]+[^\s*#]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex WikiBulletNoSpace { get; }
    [GeneratedRegex(@"(\[\[[^\]]{1,200}\]\]|\{\{[^}]{1,200}\}\}|'''|^\{\||^\|-|\[https?://[^\] ]+ [^\]]+\])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex WikiMarkup { get; }
    [GeneratedRegex(@"^#{1,6} \S", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex MarkdownHeading { get; }
    [GeneratedRegex(@"(\[[^\]]{1,200}\]\([^)]{1,500}\)|^```|\*\*[^*]{1,200}\*\*|^\s*[-*] \[[ xX]\]|^\|.*\|\s*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex MarkdownMarkup { get; }
    [GeneratedRegex(@"^(jump to content|from wikitech|contents \[|\s*•|this page was last edited|retrieved from|navigation menu|\[edit\]|.*\[edit\]$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex RenderedMarker { get; }

    public static (DocumentFormat Format, Dictionary<DocumentFormat, int> Scores) Detect(string text)
    {
        var sample = text.Length > SampleLength ? text[..SampleLength] : text;
        // Sized for its four formats up front: grown entry by entry it resized (and copied) twice per document.
        var scores = new Dictionary<DocumentFormat, int>(4)
        {
            [DocumentFormat.Html] = 0,
            [DocumentFormat.Wikitext] = 0,
            [DocumentFormat.Markdown] = 0,
            [DocumentFormat.WikitechRendered] = 0,
        };

        var head = sample.AsSpan().TrimStart();
        if (head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
        {
            scores[DocumentFormat.Html] += 1000;
        }

        var htmlTags = HtmlTag.Count(sample);
        var lineCount = sample.AsSpan().Count('\n') + 1;
        scores[DocumentFormat.Html] += htmlTags * 3 > lineCount ? htmlTags * 2 : htmlTags / 4;

        // Lines as spans, counted in locals: the sample is most of the document, and a string per line (and per
        // trimmed line) was the detector's main cost. Validate has already turned "\r\n" and "\r" into "\n".
        int wikitext = 0, markdown = 0, rendered = 0;
        foreach (var range in sample.AsSpan().Split('\n'))
        {
            var line = sample.AsSpan(range);
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("==", StringComparison.Ordinal) && WikiHeading.IsMatch(line))
            {
                // Strong evidence: in wikitext "# item" lines are numbered lists, not Markdown headings.
                wikitext += 10;
            }

            if (line[0] is '*' or '#' && WikiBulletNoSpace.IsMatch(line))
            {
                wikitext += 1;
            }

            if (line.ContainsAny(WikiMarkupChars) && WikiMarkup.IsMatch(line))
            {
                wikitext += 2;
            }

            if (line[0] == '#' && MarkdownHeading.IsMatch(line))
            {
                markdown += 5;
            }

            if (line.ContainsAny(MarkdownMarkupChars) && MarkdownMarkup.IsMatch(line))
            {
                markdown += 1;
            }

            var trimmed = line.Trim();
            if (trimmed.Length > 0 && (trimmed.ContainsAny('[', '•') || RenderedMarkerFirstChars.Contains(trimmed[0])) && RenderedMarker.IsMatch(trimmed))
            {
                rendered += 2;
            }

            if (!trimmed.StartsWith('#') && SectionNames.IsStandaloneHeading(trimmed))
            {
                rendered += 4;
            }

            if (PageTitle.IsPageTitle(trimmed))
            {
                rendered += 6;
            }
        }

        scores[DocumentFormat.Wikitext] += wikitext;
        scores[DocumentFormat.Markdown] += markdown;
        scores[DocumentFormat.WikitechRendered] += rendered;

        var best = scores.OrderByDescending(s => s.Value).ThenBy(s => Priority(s.Key)).First();
        // Plain text with no markup at all is read best by the line-oriented rendered-text reader.
        return (best.Value == 0 ? DocumentFormat.WikitechRendered : best.Key, scores);
    }

    private static int Priority(DocumentFormat format) => format switch
    {
        DocumentFormat.Html => 0,
        DocumentFormat.Wikitext => 1,
        DocumentFormat.Markdown => 2,
        _ => 3,
    };
}
