using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

internal static partial class TextTools
{
    /// <summary>
    /// Every pattern in extraction is source-generated (no start-up cost) and written so that the backtracking
    /// engine cannot go super-linear: no nested or overlapping adjacent unbounded quantifiers, bounded repeats.
    /// The timeout is a backstop only; hitting it fails the extraction with a clear error.
    /// </summary>
    public const int MatchTimeoutMs = 1000;

    /// <summary>
    /// The timeout of a pattern that cannot backtrack more than a few hundred steps from any starting position, whatever
    /// the input: no unbounded quantifier (<c>*</c>, <c>+</c>, <c>{n,}</c>), no repeated group that holds a quantifier,
    /// and at most <see cref="MostWaysWithoutTimeout"/> ways to try from one position (each quantifier's choices
    /// multiplied along the pattern, alternatives added). Its scan is then linear in the input and the backstop buys
    /// nothing, while it costs a clock read per call: the date patterns run on nearly every timeline line. Every
    /// other pattern keeps <see cref="MatchTimeoutMs"/>; PatternSafetyTests checks each pattern without a timeout
    /// against this rule.
    /// </summary>
    public const int BoundedPatternTimeoutMs = Timeout.Infinite;

    /// <summary>The most ways to try from one starting position that a pattern without a timeout may have.</summary>
    public const int MostWaysWithoutTimeout = 1000;

    /// <summary>What a heading key is trimmed of at its ends; one array, not a params array per heading (and per rendered line).</summary>
    private static readonly char[] HeadingKeyEnds = [' ', '-'];

    /// <summary>IndexOf that looks at most <paramref name="maxDistance"/> characters ahead, so scanning for closers stays linear.</summary>
    public static int IndexWithin(string text, string value, int start, int maxDistance)
    {
        if (start >= text.Length)
        {
            return -1;
        }

        var count = Math.Min(text.Length - start, maxDistance + value.Length);
        return text.IndexOf(value, start, count, StringComparison.Ordinal);
    }

    /// <summary>
    /// A wikitext heading line, exactly as <c>^(={1,6})\s*([^=].*?)\s*=+\s*$</c> reads it, without the regex:
    /// a lazy group followed by overlapping optional runs backtracks cubically on a long line of blanks.
    /// </summary>
    public static bool TryReadWikiHeading(string line, out int level, out string text)
    {
        level = 0;
        text = "";
        var n = 0;
        while (n < line.Length && line[n] == '=')
        {
            n++;
        }

        if (n is 0 or > 6)
        {
            return false;
        }

        // The closing run: the longest suffix made of blanks, at least one '=', blanks.
        var lastEquals = line.Length - 1;
        while (lastEquals >= n && char.IsWhiteSpace(line[lastEquals]))
        {
            lastEquals--;
        }

        if (lastEquals < n || line[lastEquals] != '=')
        {
            return false;
        }

        var closing = lastEquals;
        while (closing > n && line[closing - 1] == '=')
        {
            closing--;
        }

        while (closing > n && char.IsWhiteSpace(line[closing - 1]))
        {
            closing--;
        }

        var firstText = n;
        while (firstText < line.Length && char.IsWhiteSpace(line[firstText]))
        {
            firstText++;
        }

        // The text starts at the first non-blank unless that is '='; then a blank of the opening gap starts it.
        for (var start = firstText; start >= n; start--)
        {
            if (start >= line.Length || line[start] == '=')
            {
                continue;
            }

            var end = Math.Max(closing, start + 1);
            if (end <= lastEquals)
            {
                level = n;
                text = line[start..end];
                return true;
            }
        }

        return false;
    }

    /// <summary>An ATX heading, exactly as <c>^(#{1,6})\s+(.*?)\s*#*\s*$</c> reads it, in linear time.</summary>
    public static bool TryReadMarkdownHeading(string line, out int level, out string text)
    {
        level = 0;
        text = "";
        var n = 0;
        while (n < line.Length && line[n] == '#')
        {
            n++;
        }

        var start = n;
        while (start < line.Length && char.IsWhiteSpace(line[start]))
        {
            start++;
        }

        if (n is 0 or > 6 || start == n)
        {
            return false;
        }

        var end = line.Length;
        while (end > start && char.IsWhiteSpace(line[end - 1]))
        {
            end--;
        }

        while (end > start && line[end - 1] == '#')
        {
            end--;
        }

        while (end > start && char.IsWhiteSpace(line[end - 1]))
        {
            end--;
        }

        level = n;
        text = line[start..end];
        return true;
    }

    // Whitespace that NormalizeWhitespace turns into a single space, other than the space itself.
    private static readonly SearchValues<char> SpacingOtherThanSpace = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => (char.IsWhiteSpace(c) && c != ' ') || c == '\u200b')]);

    public static string NormalizeWhitespace(string text)
    {
        // Most text is already normal (single spaces between words, none at the ends): returned as it is,
        // without building a copy.
        var span = text.AsSpan();
        if (span.IsEmpty || (span[0] != ' ' && span[^1] != ' ' && !span.ContainsAny(SpacingOtherThanSpace) &&
                             !span.Contains("  ", StringComparison.Ordinal)))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c == '\u200b')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// A line in which no markup of an inline reader can start (none of <paramref name="markupStarts"/>, and no "://",
    /// which every link the readers take has) as the reader's character walk would give it: one plain run of its
    /// decoded text. Null when markup may start. Most lines are such lines; this skips the walk for them.
    /// </summary>
    public static InlineText? AsPlainLine(string text, SearchValues<char> markupStarts)
    {
        if (text.AsSpan().ContainsAny(markupStarts) || text.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        // What InlineBuilder.Build gives for one unmarked piece: neither struck nor bold, no links.
        return new InlineText(NormalizeWhitespace(DecodeEntities(text)), [], Struck: false, Bold: false);
    }

    /// <summary>
    /// Copies the characters from <paramref name="start"/> up to the next one of <paramref name="specials"/> (every
    /// character a branch of an inline reader's walk looks at) into <paramref name="plain"/> in one append, instead of
    /// one test chain and one append per character; returns how many (0 when one of them stands at the start).
    /// </summary>
    public static int AppendOrdinaryRun(StringBuilder plain, string text, int start, SearchValues<char> specials)
    {
        var next = text.AsSpan(start).IndexOfAny(specials);
        var run = next < 0 ? text.Length - start : next;
        plain.Append(text, start, run);
        return run;
    }

    public static string DecodeEntities(string text) =>
        text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;

    /// <summary>Heading text reduced to what names it: "5. Follow-up actions:" becomes "follow-up actions".</summary>
    public static string HeadingKey(string heading)
    {
        var text = NormalizeWhitespace(heading).Trim();
        var start = 0;
        // Section numbering from a rendered table of contents ("5 Actionables", "2.1. Timeline").
        while (start < text.Length && (char.IsDigit(text[start]) || text[start] == '.'))
        {
            start++;
        }

        if (start > 0 && start < text.Length && text[start] == ' ')
        {
            text = text[(start + 1)..];
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == ' ' || c == '-' || c == '/' || c == '\'')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '(' or ')')
            {
                builder.Append(' ');
            }
        }

        return NormalizeWhitespace(builder.ToString()).Trim(HeadingKeyEnds);
    }

    public static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    count++;
                }

                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
        }

        return count;
    }

    public static string UpperFirst(string text) =>
        text.Length == 0 || !char.IsLower(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>
    /// "yyyy", "MM" and "dd" as a date, exactly as DateOnly.TryParseExact reads them joined with dashes under
    /// "yyyy-MM-dd" (four, two and two ASCII digits, a real day), without building that string: timeline and
    /// date patterns call this once per date they find.
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<char> year, ReadOnlySpan<char> month, ReadOnlySpan<char> day, out DateOnly date)
    {
        date = default;
        return year.Length == 4 && month.Length == 2 && day.Length == 2
            && TryAsciiDigits(year, out var yearNumber) && TryAsciiDigits(month, out var monthNumber) && TryAsciiDigits(day, out var dayNumber)
            && TryMakeDate(yearNumber, monthNumber, dayNumber, out date);
    }

    /// <summary>The date of that year, month and day when there is one (year 1–9999).</summary>
    public static bool TryMakeDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryAsciiDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>"9:05", "09:05" or "09:05:30" as a time of day. Parsed by hand: TimeOnly.TryParseExact
    /// consults the local clock and time zone on every call, which made it the timeline's hot spot.</summary>
    public static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        var padded = text.Length <= 5 ? text.PadLeft(5, '0') : text.PadLeft(8, '0');
        if (padded.Length is not (5 or 8) || !TryTwoDigits(padded, 0, out var hours) || padded[2] != ':' || !TryTwoDigits(padded, 3, out var minutes))
        {
            return false;
        }

        var seconds = 0;
        if (padded.Length == 8 && (padded[5] != ':' || !TryTwoDigits(padded, 6, out seconds)))
        {
            return false;
        }

        if (hours > 23 || minutes > 59 || seconds > 59)
        {
            return false;
        }

        time = new TimeOnly(hours, minutes, seconds);
        return true;
    }

    private static bool TryTwoDigits(string text, int at, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(text[at]) || !char.IsAsciiDigit(text[at + 1]))
        {
            return false;
        }

        value = ((text[at] - '0') * 10) + (text[at + 1] - '0');
        return true;
    }

    public static int? FirstInteger(string text)
    {
        var match = FirstIntegerPattern.Match(text);
        return match.Success && int.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    [GeneratedRegex(@"\d{1,6}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, BoundedPatternTimeoutMs)]
    private static partial Regex FirstIntegerPattern { get; }
}
