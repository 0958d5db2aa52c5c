using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Finds a calendar date written in text: "2023-03-14", "March 14, 2023", "14 March 2023", "Friday 29 November
/// 2019", "24-10-2024" (day first where the day cannot be a month). A date inside a link, a file name or a version
/// string ("v2023-03-14", "img/2022-01-27-pods.png", "…?since=2021-01-01") is none: the incident's date is the
/// one the text says, not one that a path or a release happens to hold.
/// </summary>
internal static partial class IncidentDates
{
    /// <summary>The optional end of a day range, "-19" or " – 19th": the date is the range's first day.</summary>
    private const string DayRangeEnd = @"(?: ?[-\u2013] ?[0-9]{1,2}(?:st|nd|rd|th)?)?";

    private const string Months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    // Not after a letter, digit or a path/version/query character; not before one either, except a "T" that
    // starts an ISO time and a sentence-ending dot or dash followed by a space.
    [GeneratedRegex(@"(?<![0-9A-Za-z_/.:=#@+-])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9A-SU-Za-z_/]|[.-][0-9A-Za-z])",
        RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex IsoDate { get; }

    [GeneratedRegex(@"(?<![0-9A-Za-z_/.:=#@+-])([0-9]{1,2})([-/])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?![0-9A-Za-z_/]|[.-][0-9A-Za-z])",
        RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DayFirstDate { get; }

    // A day range ("January 14-19, 2026", "14–19 January 2026") is read as its first day, when the incident began;
    // a time's minutes are no range's first day ("10:00-11 March 2023" is the 11th), and a version's last digits no
    // day ("v1.5 March 2023" names no day).
    [GeneratedRegex(@"\b(?:(" + Months + @")\.? ([0-9]{1,2})(?:st|nd|rd|th)?" + DayRangeEnd + @",? ([0-9]{4}|['\u2019][0-9]{2})|(?<![:.])([0-9]{1,2})(?:st|nd|rd|th)?" + DayRangeEnd + @" (?:of )?(" + Months + @")\.?,? ([0-9]{4}|['\u2019][0-9]{2}))(?![0-9])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex NamedMonthDate { get; }

    /// <summary>The three letters every month name of <see cref="NamedMonthDate"/> starts with: without one, that pattern cannot match.</summary>
    private static readonly SearchValues<string> MonthStems = SearchValues.Create(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "www." in any case, searched vectorised: string.Contains with OrdinalIgnoreCase is a per-character loop in
    /// invariant globalization mode, and this runs on every timeline entry with a date.
    /// </summary>
    private static readonly SearchValues<string> WwwDot = SearchValues.Create(["www."], StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s)\]>]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex Url { get; }

    /// <summary>The first date the text states, or null.</summary>
    public static DateOnly? FirstIn(string text, bool? dayFirst = null) => All(text, dayFirst).Select(d => (DateOnly?)d.Date).FirstOrDefault();

    /// <summary>
    /// Whether the document writes numeric dates day first: from a numeric date that can only be read one way
    /// ("24-10-2024", "5-26-21"), else from the order of its written-out dates ("28 November 2025" is a day-first
    /// writer, "November 28, 2025" a month-first one); null when it never says.
    /// </summary>
    public static bool? DayFirstOrder(IEnumerable<string> texts)
    {
        bool? fromNames = null;
        foreach (var text in texts)
        {
            if (!HasDigit(text))
            {
                continue;
            }

            if (MayHoldDayFirstDate(text)) // which implies a digit on both sides of a dash or slash
            {
                foreach (var match in DayFirstDate.EnumerateMatches(text))
                {
                    var (first, second, _) = DayFirstParts(text.AsSpan(match.Index, match.Length));
                    if (first > 12 && second <= 12)
                    {
                        return true;
                    }

                    if (second > 12 && first <= 12)
                    {
                        return false;
                    }
                }
            }

            if (fromNames is null && MayHoldNamedMonthDate(text) && NamedMonthDate.Match(text) is { Success: true } named)
            {
                fromNames = !named.Groups[1].Success;
            }
        }

        return fromNames;
    }

    /// <summary>Every date the text states, in the order written; a numeric date both ways readable only when <paramref name="dayFirst"/> says how.</summary>
    public static IEnumerable<(int Index, DateOnly Date)> All(string text, bool? dayFirst = null)
    {
        if (!HasDigit(text))
        {
            return []; // every date form has digits; most prose and timeline text is skipped before any pattern runs
        }

        // Each pattern only where its literal can be: timeline entries all have digits (their times) and many have
        // dashes and links, few have dates. Blanking the links below only turns characters into spaces, so what the
        // text lacks here the blanked text lacks too.
        var (numeric, dashed) = SeparatedDigits(text);
        var monthNamed = MayHoldNamedMonthDate(text);
        if (!numeric && !monthNamed)
        {
            return [];
        }

        // Links become blanks of the same length: their dates are not the text's, and positions stay comparable.
        var plain = text.Contains("://", StringComparison.Ordinal) || text.AsSpan().ContainsAny(WwwDot)
            ? BlankLinks(text)
            : text;
        var found = new List<(int Index, DateOnly Date)>();
        // Value matches (no Match, MatchCollection or group strings per date): IsoDate's match is exactly its
        // "yyyy-mm-dd", and DayFirstParts reads DayFirstDate's groups back from the matched digits.
        if (dashed)
        {
            foreach (var match in IsoDate.EnumerateMatches(plain))
            {
                if (TextTools.TryParseDate(plain.AsSpan(match.Index, 4), plain.AsSpan(match.Index + 5, 2), plain.AsSpan(match.Index + 8, 2), out var date))
                {
                    found.Add((match.Index, date));
                }
            }
        }

        foreach (Match match in monthNamed ? NamedMonthDate.Matches(plain) : Enumerable.Empty<Match>())
        {
            var named = match.Groups[1].Success;
            var month = MonthNumber(named ? match.Groups[1].Value : match.Groups[5].Value);
            // The day is one or two ASCII digits and the year four once FullYear has it: TryMakeDate reads them as
            // TryParseDate would the zero-padded strings.
            var day = int.Parse(named ? match.Groups[2].ValueSpan : match.Groups[4].ValueSpan, CultureInfo.InvariantCulture);
            var year = int.Parse(FullYear(named ? match.Groups[3].Value : match.Groups[6].Value), CultureInfo.InvariantCulture);
            if (month > 0 && TextTools.TryMakeDate(year, month, day, out var date))
            {
                found.Add((match.Index, date));
            }
        }

        if (numeric && MayHoldDayFirstDate(text))
        {
            foreach (var match in DayFirstDate.EnumerateMatches(plain))
            {
                // "24-10-2024" can only be the 24th and "5-26-21" only May; "05-06-2024" is read as the document writes
                // its dates (dayFirst), and not at all when it never says.
                var (first, second, yearDigits) = DayFirstParts(plain.AsSpan(match.Index, match.Length));
                var readDayFirst = first > 12 ? true : second > 12 ? false : dayFirst;
                var (day, month) = readDayFirst switch
                {
                    true => (first, second),
                    false => (second, first),
                    null => (0, 0),
                };
                if (month is >= 1 and <= 12
                    && TextTools.TryMakeDate(int.Parse(FullYear(yearDigits), CultureInfo.InvariantCulture), month, day, out var date))
                {
                    found.Add((match.Index, date));
                }
            }
        }

        // Most texts state one date or none: sorting those (a stable OrderBy) would only allocate.
        return found.Count > 1 ? found.OrderBy(f => f.Index) : found;
    }

    /// <summary>
    /// The groups of a <see cref="DayFirstDate"/> match read back from its text, which is exactly "d[d]", a dash or
    /// slash, "d[d]", the same separator, and "yy" or "yyyy" (its lookarounds take no characters): the first and
    /// second numbers and the year as written.
    /// </summary>
    private static (int First, int Second, string Year) DayFirstParts(ReadOnlySpan<char> match)
    {
        var firstLength = char.IsAsciiDigit(match[1]) ? 2 : 1;
        var rest = match[(firstLength + 1)..];
        var secondLength = char.IsAsciiDigit(rest[1]) ? 2 : 1;
        return (int.Parse(match[..firstLength], CultureInfo.InvariantCulture), int.Parse(rest[..secondLength], CultureInfo.InvariantCulture),
            rest[(secondLength + 1)..].ToString());
    }

    /// <summary>
    /// The text with every link turned into as many spaces: what <c>Url.Replace</c> with a blanking evaluator gives
    /// (the same matches, scanned over the same input), without a Match, a string and a builder per link; this runs
    /// for most timeline lines with a link.
    /// </summary>
    private static string BlankLinks(string text)
    {
        char[]? blanked = null;
        foreach (var link in Url.EnumerateMatches(text))
        {
            blanked ??= text.ToCharArray();
            blanked.AsSpan(link.Index, link.Length).Fill(' ');
        }

        return blanked is null ? text : new string(blanked);
    }

    private static bool HasDigit(string text) => text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

    /// <summary>
    /// Whether the text may hold a written-out date: a month's first three letters start a word (the pattern wants a
    /// word boundary or a space before the month) and either a space and a digit follow the month ("March 14",
    /// "Sept. 5") or a day stands before it ("14 March", "5th of May", "1st June"). "summary" and "decided" hold a
    /// stem inside a word, "may" and "Marostegui:" in timeline lines have no day beside them: such text no longer goes
    /// through <see cref="NamedMonthDate"/>. Characters other than ASCII letters count as possible letters, so the
    /// test never says no where the case-insensitive pattern could say yes.
    /// </summary>
    private static bool MayHoldNamedMonthDate(string text)
    {
        var span = text.AsSpan();
        var from = 0;
        while (from < span.Length)
        {
            var found = span[from..].IndexOfAny(MonthStems);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            from = at + 1;
            // A letter, digit or underscore before it is a word character to the pattern's \b; anything else may not be.
            if (at > 0 && (char.IsLetterOrDigit(span[at - 1]) || span[at - 1] == '_'))
            {
                continue;
            }

            // Month first: the rest of the month's letters, an optional dot, a space, the day's first digit.
            var after = at + 3;
            while (after < span.Length && char.IsLetter(span[after]))
            {
                after++;
            }

            // The pattern wants the month spelled out and then a dot, comma or space: "Marostegui", "decided" and
            // "Mayday" start with a stem but are no month.
            if (!MaySpellMonth(span[at..after]))
            {
                continue;
            }

            if (after < span.Length && span[after] == '.')
            {
                after++;
            }

            if (after + 1 < span.Length && span[after] == ' ' && char.IsAsciiDigit(span[after + 1]))
            {
                return true;
            }

            // Day first: a space before the month, and before that the day's digit or the last two letters of
            // "st", "nd", "rd", "th" or "of".
            if (at >= 2 && span[at - 1] == ' '
                && (char.IsAsciiDigit(span[at - 2]) || (at >= 3 && MayBeDaySuffixOrOf(span[at - 3], span[at - 2]))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every spelling <see cref="Months"/> accepts.</summary>
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MonthSpellings = new HashSet<string>(
        ["jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july", "aug", "august",
         "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december"], StringComparer.OrdinalIgnoreCase)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Whether a run of letters may be a month as the case-insensitive pattern reads it: one of its spellings in
    /// ASCII letters of any case; a run with another letter may be one too (the pattern's case folding reaches
    /// beyond ASCII), so that never says no.
    /// </summary>
    private static bool MaySpellMonth(ReadOnlySpan<char> letters) => !Ascii.IsValid(letters) || MonthSpellings.Contains(letters);

    private static bool MayBeDaySuffixOrOf(char first, char second)
    {
        if (!char.IsAscii(first) || !char.IsAscii(second))
        {
            return char.IsLetter(first) && char.IsLetter(second);
        }

        return char.ToLowerInvariant(first) switch
        {
            's' => char.ToLowerInvariant(second) == 't',
            'n' or 'r' => char.ToLowerInvariant(second) == 'd',
            't' => char.ToLowerInvariant(second) == 'h',
            'o' => char.ToLowerInvariant(second) == 'f',
            _ => false,
        };
    }

    /// <summary>
    /// Whether a digit stands on both sides of a dash or a slash somewhere in the text (<c>Numeric</c>), and of a dash
    /// (<c>Dashed</c>), in one pass: every numeric date has one ("2023-03-14", "24/10/2024"), an ISO date the dash,
    /// and timeline text ("12:46 PROBLEM - db1001 is CRITICAL", "var-site=eqiad") seldom either.
    /// </summary>
    private static (bool Numeric, bool Dashed) SeparatedDigits(string text)
    {
        var span = text.AsSpan();
        var numeric = false;
        var from = 0;
        while (from < span.Length)
        {
            var found = span[from..].IndexOfAny('-', '/');
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            if (at > 0 && at + 1 < span.Length && char.IsAsciiDigit(span[at - 1]) && char.IsAsciiDigit(span[at + 1]))
            {
                if (span[at] == '-')
                {
                    return (true, true);
                }

                numeric = true;
            }

            from = at + 1;
        }

        return (numeric, false);
    }

    /// <summary>
    /// Whether <see cref="DayFirstDate"/> may match: a run of one or two digits that follows neither a digit nor one
    /// of the pattern's excluded characters (its lookbehind) and is followed by a dash or slash and a digit. ISO dates
    /// ("2024-10-09": four digits, then runs after a dash) and times have none, so most dated timeline lines skip the
    /// pattern. Checked on the text before its links are blanked: a link starts with a letter and ends before a blank
    /// or bracket, so blanking it creates no such run.
    /// </summary>
    private static bool MayHoldDayFirstDate(string text)
    {
        var span = text.AsSpan();
        var from = 0;
        while (from < span.Length)
        {
            var found = span[from..].IndexOfAny('-', '/');
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            from = at + 1;
            if (at + 1 >= span.Length || !char.IsAsciiDigit(span[at + 1]))
            {
                continue;
            }

            var runStart = at;
            while (runStart > 0 && char.IsAsciiDigit(span[runStart - 1]))
            {
                runStart--;
            }

            if (at - runStart is 1 or 2 && (runStart == 0 || !IsExcludedBeforeDate(span[runStart - 1])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The characters the date patterns' lookbehind refuses before a date: <c>[0-9A-Za-z_/.:=#@+-]</c>.</summary>
    private static bool IsExcludedBeforeDate(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '/' or '.' or ':' or '=' or '#' or '@' or '+' or '-';

    /// <summary>"2024" as written; "’24" and "24" are this century's (postmortems are written about recent incidents).</summary>
    private static string FullYear(string year)
    {
        var digits = year.TrimStart('\'', '\u2019');
        return digits.Length == 2 ? "20" + digits : digits;
    }

    private static int MonthNumber(string name) => name.Length < 3 ? 0 : name[..3].ToLowerInvariant() switch
    {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => 0,
    };
}
