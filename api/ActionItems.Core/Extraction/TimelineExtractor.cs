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
                var entry = startsWithDigit ? ReadEntry(text) : null;
                var timeText = entry is { } found ? text.Substring(found.TimeStart, found.TimeLength) : "";
                if (entry is { } parts && TextTools.TryParseTime(timeText, out var time))
                {
                    DateOnly? date = contextDate;
                    if (parts.HasDate && TextTools.TryParseDate(text.AsSpan(parts.DateStart, 4), text.AsSpan(parts.DateStart + 5, 2), text.AsSpan(parts.DateStart + 8, 2), out var explicitDate))
                    {
                        date = explicitDate;
                        contextDate = explicitDate;
                    }

                    DateTimeOffset? at = null;
                    if (resolve && date is { } day)
                    {
                        at = new DateTimeOffset(day.ToDateTime(time), TimeSpan.Zero);
                        // A bare time earlier than the previous one by hours means the timeline crossed midnight.
                        if (!parts.HasDate && previous is { } last && at < last - TimeSpan.FromHours(6))
                        {
                            at = at.Value.AddDays(1);
                            contextDate = DateOnly.FromDateTime(at.Value.UtcDateTime);
                        }

                        previous = at;
                    }

                    var body = text.AsSpan(parts.BodyStart, parts.BodyLength).Trim().ToString();
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

    /// <summary>Where <see cref="Entry"/>'s groups are in a line: the date's (group 1, its year at group 2's place), the
    /// time's (group 5) and the text's after them (group 9).</summary>
    internal readonly record struct EntryParts(bool HasDate, int DateStart, int TimeStart, int TimeLength, int BodyStart, int BodyLength);

    /// <summary>
    /// <see cref="Entry"/>'s match of a timeline line, read by hand: the pattern's Match and its groups were made for every
    /// timeline line (~3.5 % of the extraction). Every piece of the pattern before the text is optional or greedy, and
    /// its last group, <c>(.*)$</c>, takes whatever is left when the line holds no line feed, so the first (greedy) way
    /// through is the match and nothing backtracks: the scan below takes each piece as the pattern would. Where the
    /// pattern could read the line differently from this scan — a line feed (<c>.</c> and <c>$</c> stop at it) or a
    /// non-ASCII letter where the case-insensitive pattern compares letters — the pattern itself decides.
    /// TimelineTests holds the two to the same answers.
    /// </summary>
    internal static EntryParts? ReadEntry(string text)
    {
        if (text.Contains('\n'))
        {
            return ReadEntryByPattern(text);
        }

        var n = text.Length;
        var i = n > 0 && text[0] == '[' ? 1 : 0;
        i = SkipWhiteSpace(text, i);

        // (([0-9]{4})-([0-9]{2})-([0-9]{2})[ T,]+)? and then the time; without the date, the time from the same place.
        var hasDate = false;
        var timeStart = -1;
        var timeLength = 0;
        if (DigitsAt(text, i, 4) && CharAt(text, i + 4) == '-' && DigitsAt(text, i + 5, 2) && CharAt(text, i + 7) == '-' && DigitsAt(text, i + 8, 2))
        {
            var runEnd = i + 10;
            while (runEnd < n && text[runEnd] is ' ' or 'T' or 't' or ',')
            {
                runEnd++;
            }

            if (IsNonAsciiLetter(CharAt(text, runEnd)))
            {
                return ReadEntryByPattern(text);
            }

            if (runEnd > i + 10 && TimeLengthAt(text, runEnd) is > 0 and var length)
            {
                hasDate = true;
                timeStart = runEnd;
                timeLength = length;
            }
        }

        if (!hasDate)
        {
            if (TimeLengthAt(text, i) is not (> 0 and var length))
            {
                return null;
            }

            timeStart = i;
            timeLength = length;
        }

        // (\.[0-9]{1,6})?\s*
        var k = timeStart + timeLength;
        if (CharAt(text, k) == '.' && DigitsAt(text, k + 1, 1))
        {
            k++;
            var fractionEnd = k + 6;
            while (k < n && k < fractionEnd && char.IsAsciiDigit(text[k]))
            {
                k++;
            }
        }

        k = SkipWhiteSpace(text, k);

        // (?:(utc|z|gmt)(?![a-z0-9]))?
        switch (ZoneLengthAt(text, k))
        {
            case null:
                return ReadEntryByPattern(text);
            case > 0 and var zone:
                k += zone;
                break;
        }

        // \s*\]?\s*[-–—:|]?\s*(.*)$
        k = SkipWhiteSpace(text, k);
        if (CharAt(text, k) == ']')
        {
            k = SkipWhiteSpace(text, k + 1);
        }

        if (CharAt(text, k) is '-' or '–' or '—' or ':' or '|')
        {
            k++;
        }

        k = SkipWhiteSpace(text, k);
        return new EntryParts(hasDate, hasDate ? i : -1, timeStart, timeLength, k, n - k);
    }

    /// <summary><see cref="Entry"/> itself, its groups' places as <see cref="ReadEntry"/> gives them.</summary>
    internal static EntryParts? ReadEntryByPattern(string text)
    {
        var match = Entry.Match(text);
        if (!match.Success)
        {
            return null;
        }

        var hasDate = match.Groups[1].Success;
        return new EntryParts(hasDate, hasDate ? match.Groups[2].Index : -1, match.Groups[5].Index, match.Groups[5].Length, match.Groups[9].Index, match.Groups[9].Length);
    }

    /// <summary>The length of <c>[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?</c> at <paramref name="at"/>, 0 when it is not there.</summary>
    private static int TimeLengthAt(string text, int at)
    {
        // [0-9]{1,2} gives back its second digit only for a ':', which a digit is not: two digits need the ':' after both.
        var hourDigits = DigitsAt(text, at, 2) ? 2 : DigitsAt(text, at, 1) ? 1 : 0;
        if (hourDigits == 0 || CharAt(text, at + hourDigits) != ':' || !DigitsAt(text, at + hourDigits + 1, 2))
        {
            return 0;
        }

        var length = hourDigits + 3;
        return CharAt(text, at + length) == ':' && DigitsAt(text, at + length + 1, 2) ? length + 3 : length;
    }

    private static readonly string[] ZoneWords = ["utc", "z", "gmt"];

    /// <summary>
    /// The length of <c>(utc|z|gmt)(?![a-z0-9])</c> (case-insensitive) at <paramref name="at"/>: 0 when it is not there,
    /// null when a non-ASCII letter stands where the pattern compares letters (whose case rules then decide).
    /// </summary>
    private static int? ZoneLengthAt(string text, int at)
    {
        foreach (var word in ZoneWords)
        {
            var matched = true;
            for (var j = 0; j < word.Length && matched; j++)
            {
                var c = CharAt(text, at + j);
                if (IsNonAsciiLetter(c))
                {
                    return null;
                }

                matched = char.ToLowerInvariant(c) == word[j] && char.IsAscii(c);
            }

            if (!matched)
            {
                continue;
            }

            var next = CharAt(text, at + word.Length);
            if (IsNonAsciiLetter(next))
            {
                return null;
            }

            return char.IsAsciiLetterOrDigit(next) ? 0 : word.Length;
        }

        return 0;
    }

    /// <summary>The character at <paramref name="at"/>, or NUL past the end (which no piece of the pattern matches).</summary>
    private static char CharAt(string text, int at) => at < text.Length ? text[at] : '\0';

    private static bool DigitsAt(string text, int at, int count) =>
        at + count <= text.Length && !text.AsSpan(at, count).ContainsAnyExceptInRange('0', '9');

    private static bool IsNonAsciiLetter(char c) => !char.IsAscii(c) && char.IsLetter(c);

    private static int SkipWhiteSpace(string text, int at)
    {
        while (at < text.Length && char.IsWhiteSpace(text[at]))
        {
            at++;
        }

        return at;
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
