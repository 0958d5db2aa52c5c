using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

internal static class TextTools
{
    /// <summary>Every pattern in extraction is linear-time: no input can make matching hang.</summary>
    public static Regex Rx(string pattern, bool ignoreCase = true) =>
        new(pattern,
            RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None),
            TimeSpan.FromSeconds(1));

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

    public static string NormalizeWhitespace(string text)
    {
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

        return NormalizeWhitespace(builder.ToString()).Trim(' ', '-');
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

    public static bool TryParseDate(string year, string month, string day, out DateOnly date) =>
        DateOnly.TryParseExact($"{year}-{month}-{day}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Length <= 5 ? text.PadLeft(5, '0') : text.PadLeft(8, '0'),
            text.Length <= 5 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static int? FirstInteger(string text)
    {
        var match = FirstIntegerPattern.Match(text);
        return match.Success && int.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    private static readonly Regex FirstIntegerPattern = Rx(@"\d{1,6}");
}
