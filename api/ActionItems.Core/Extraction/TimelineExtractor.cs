using System.Buffers;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;

namespace ActionItems.Core.Extraction;

/// <summary>Reads timeline entries ("12:46 OUTAGE BEGINS", "2024-10-09 05:22:59 text") and resolves them to UTC when the date is known.</summary>
internal static partial class TimelineExtractor
{
    // The zone word must end there: "10:00 zookeeper restarted" is 10:00 and "zookeeper restarted", not 10:00 Z.
    [GeneratedRegex(@"^\[?\s*(([0-9]{4})-([0-9]{2})-([0-9]{2})[ T,]+)?([0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)(\.[0-9]{1,6})?\s*(?:(utc|z|gmt)(?![a-z0-9]))?\s*\]?\s*[-–—:|]?\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex Entry { get; }
    [GeneratedRegex(@"^\[?\s*([0-9]{4})-([0-9?]{2})-([0-9?]{2})\s*\]?\s*[-–—:]?\s*(.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DateOnlyLine { get; }
    [GeneratedRegex(@"(OUTAGE (BEGINS|STARTS|STARTED|BEGAN)|START OF (USER )?IMPACT|(USER )?IMPACT (BEGINS|STARTS))", RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex Begins { get; }
    [GeneratedRegex(@"(OUTAGE (ENDS|ENDED|RESOLVED|OVER)|END OF (USER )?IMPACT|(USER )?IMPACT (ENDS|ENDED))", RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex Ends { get; }
    [GeneratedRegex(@"^(outage (begins|starts)|start of (user )?impact|impact (begins|starts))\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex BeginsAlone { get; }
    [GeneratedRegex(@"^(outage (ends|ended|resolved)|end of (user )?impact|impact (ends|ended))\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex EndsAlone { get; }
    [GeneratedRegex(@"\ball times (are )?(in )?(pst|pdt|est|edt|cet|cest|bst|ist|jst|local time|[a-z]{3,4}\s*[+-][0-9]{1,2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex OtherTimeZone { get; }

    // OtherTimeZone cannot match without these words; a vectorised search is far cheaper than the pattern
    // (and than string.Contains with OrdinalIgnoreCase, which is a slow per-character loop in invariant mode).
    private static readonly SearchValues<string> AllTimes = SearchValues.Create(["all times"], StringComparison.OrdinalIgnoreCase);

    // Trim's params arrays, made once: written inline they are a new array per timeline line.
    private static readonly char[] LeadingBullets = ['*', '-', '•', ' '];
    private static readonly char[] DateLabelEnd = ['-', ':', '–', ' '];

    public static List<ExtractedTimelineEntry> Extract(IReadOnlyList<DocBlock> blocks, IReadOnlyList<Section> sections, DateOnly? baseDate, ExtractionContext context)
    {
        var entries = new List<ExtractedTimelineEntry>();
        var section = sections.FirstOrDefault(s => s.Role == SectionRole.Timeline);
        if (section is null)
        {
            return entries;
        }

        var resolve = true;
        DateOnly? contextDate = baseDate;
        DateTimeOffset? previous = null;
        var dateHeaderDepth = 0;
        for (var i = section.Start; i < section.End; i++)
        {
            var block = blocks[i];
            if (block.Kind is BlockKind.Heading or BlockKind.TableRow or BlockKind.Template)
            {
                continue;
            }

            if (block.Text.AsSpan().ContainsAny(AllTimes) && OtherTimeZone.IsMatch(block.Text))
            {
                resolve = false;
                context.Warn("the timeline is not in UTC; its times were kept as written and not resolved");
            }

            // Date headers ("- 2024-08-10" with the day's events nested below) set the date for what follows.
            if (block.Kind == BlockKind.ListItem && dateHeaderDepth > 0 && block.Level <= dateHeaderDepth)
            {
                dateHeaderDepth = 0;
            }

            // A list item is one line, its text; other blocks are read line by line (no list of lines per block).
            var lineCount = block.Kind == BlockKind.ListItem ? 1 : block.RawLines.Count;
            for (var lineIndex = 0; lineIndex < lineCount; lineIndex++)
            {
                var line = block.Kind == BlockKind.ListItem ? block.Text : TextTools.NormalizeWhitespace(block.RawLines[lineIndex]);
                var text = line.Trim().TrimStart(LeadingBullets);
                if (text.Length == 0)
                {
                    continue;
                }

                // Both line patterns begin with a digit (a time or a date) after an optional "[" and blanks: a line
                // that does not ("- restarted the pods", prose under a date header) skips them both.
                var startsWithDigit = StartsWithDigit(text);
                var match = startsWithDigit ? Entry.Match(text) : Match.Empty;
                var timeText = match.Success ? match.Groups[5].Value : "";
                if (match.Success && TextTools.TryParseTime(timeText, out var time))
                {
                    DateOnly? date = contextDate;
                    if (match.Groups[1].Success && TextTools.TryParseDate(match.Groups[2].ValueSpan, match.Groups[3].ValueSpan, match.Groups[4].ValueSpan, out var explicitDate))
                    {
                        date = explicitDate;
                        contextDate = explicitDate;
                    }

                    DateTimeOffset? at = null;
                    if (resolve && date is { } day)
                    {
                        at = new DateTimeOffset(day.ToDateTime(time), TimeSpan.Zero);
                        // A bare time earlier than the previous one by hours means the timeline crossed midnight.
                        if (!match.Groups[1].Success && previous is { } last && at < last - TimeSpan.FromHours(6))
                        {
                            at = at.Value.AddDays(1);
                            contextDate = DateOnly.FromDateTime(at.Value.UtcDateTime);
                        }

                        previous = at;
                    }

                    var body = match.Groups[9].Value.Trim();
                    entries.Add(new ExtractedTimelineEntry(entries.Count + 1, timeText, at, body, MarkerOf(body)));
                    continue;
                }

                var dateLine = startsWithDigit ? DateOnlyLine.Match(text) : Match.Empty;
                if (dateLine.Success)
                {
                    var known = TextTools.TryParseDate(dateLine.Groups[1].ValueSpan, dateLine.Groups[2].ValueSpan, dateLine.Groups[3].ValueSpan, out var headerDate);
                    contextDate = known ? headerDate : null;
                    previous = null;
                    var rest = dateLine.Groups[4].Value.Trim();
                    if (rest.Length > 0)
                    {
                        entries.Add(new ExtractedTimelineEntry(entries.Count + 1, text[..(text.Length - rest.Length)].Trim().TrimEnd(DateLabelEnd), null, rest, MarkerOf(rest)));
                    }
                    else if (block.Kind == BlockKind.ListItem)
                    {
                        dateHeaderDepth = block.Level;
                    }

                    continue;
                }

                if (block.Kind == BlockKind.ListItem)
                {
                    // An event without a time under a date header still belongs to the timeline.
                    var dateText = dateHeaderDepth > 0 && contextDate is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
                    entries.Add(new ExtractedTimelineEntry(entries.Count + 1, dateText, null, text, MarkerOf(text)));
                }
            }
        }

        return entries;
    }

    /// <summary>Whether the first character after <c>^\[?\s*</c> is an ASCII digit, which <see cref="Entry"/> and <see cref="DateOnlyLine"/> both need.</summary>
    private static bool StartsWithDigit(string text)
    {
        var i = text.Length > 0 && text[0] == '[' ? 1 : 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i < text.Length && char.IsAsciiDigit(text[i]);
    }

    // The longest text BeginsAlone/EndsAlone accept ("start of user impact.").
    private const int LongestMarkerAlone = 21;

    private static TimelineMarker MarkerOf(string text)
    {
        // Every form of Begins and Ends names OUTAGE or IMPACT in capitals, and the *Alone forms are short:
        // most timeline lines are neither, and skip the four patterns.
        var capitals = text.Contains("OUTAGE", StringComparison.Ordinal) || text.Contains("IMPACT", StringComparison.Ordinal);
        var trimmed = text.AsSpan().Trim();
        var mayStandAlone = trimmed.Length <= LongestMarkerAlone;
        if ((capitals && Begins.IsMatch(text)) || (mayStandAlone && BeginsAlone.IsMatch(trimmed)))
        {
            return TimelineMarker.OutageBegins;
        }

        return (capitals && Ends.IsMatch(text)) || (mayStandAlone && EndsAlone.IsMatch(trimmed)) ? TimelineMarker.OutageEnds : TimelineMarker.None;
    }
}
