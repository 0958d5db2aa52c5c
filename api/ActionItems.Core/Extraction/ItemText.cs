using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>Turns an item's text into a clean one-line title and reads the markers it carries.</summary>
internal static partial class ItemText
{
    public const int MaxTitleLength = 250;

    private static readonly SearchValues<char> DoneSymbolChars = SearchValues.Create("✅✔☑✓");
    private static readonly SearchValues<char> DashChars = SearchValues.Create(":-–—");

    // Trim's params arrays, made once: written inline they are a new array per call, and these run on every item.
    private static readonly char[] NoneMarkerWrapping = ['*', '_', '(', ')', '[', ']'];
    private static readonly char[] QuestionClosers = [')', ']', '"', '”', '\'', ' '];

    [GeneratedRegex(@"(✅|✔️?|☑️?|✓)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DoneSymbol { get; }
    [GeneratedRegex(@"[(\[]\s*(done|completed?|fixed|resolved|closed|finished|merged|deployed)\b[^)\]]{0,80}[)\]]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DoneParenthetical { get; }
    [GeneratedRegex(@"^(done|completed|fixed|resolved|finished)\s*[:\-–—]\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DonePrefix { get; }
    [GeneratedRegex(@"\s[-–—:]\s*(done|completed|fixed|resolved|finished)\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DoneSuffix { get; }
    [GeneratedRegex(@"[(\[]\s*(todo|to do|open|in progress|wip|not started|pending|not done|ongoing|work in progress|not yet done)\s*[)\]]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex OpenParenthetical { get; }
    [GeneratedRegex(@"^(TODO|WIP|To ?do|Open)\s*[:\-–—]\s*", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex OpenPrefix { get; }
    [GeneratedRegex(@"(\bTODO\b|\bWIP\b|\b[Ww]ork in progress\b|\bFIXME\b)", RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex OpenWord { get; }
    [GeneratedRegex(@"(?:[(\[]\s*)?\b(owner|owners|assignee|assigned to|responsible|dri)\s*[:=]\s*([^()\[\],;]{1,60})[)\]]?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex OwnerMarker { get; }
    [GeneratedRegex(@"(^|\s)@([A-Za-z][A-Za-z0-9._-]{1,38})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex Mention { get; }
    [GeneratedRegex(@"(?:[(\[]\s*)?\b(due|deadline|eta|by)\s*(?:[:=]\s*)?([0-9]{4}-[0-9]{2}-[0-9]{2})\s*[)\]]?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex DueMarker { get; }
    [GeneratedRegex(@"(https?|ftp)://[^\s<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex Url { get; }
    [GeneratedRegex(@"(\(\s*[,;:.]?\s*\)|\[\s*\]|\{\s*\}|“\s*”|""\s*"")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex EmptyBrackets { get; }
    [GeneratedRegex(@"\s+([,;:.!?)\]])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex SpaceBeforePunctuation { get; }
    [GeneratedRegex(@"([(\[])\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex SpaceAfterOpening { get; }
    [GeneratedRegex(@"[,;:]\s*([,;:.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex RepeatedPunctuation { get; }
    [GeneratedRegex(@"(^|[-–—:;]\s|\.\s|\(\s*)(should|could|can|does|do|did|is|are|was|were|will|would|shall|may|might|how|what|why|whether|who|which|when)\s+([a-z0-9']+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex ClauseQuestion { get; }

    /// <summary>The first character of every alternative of <see cref="EmptyBrackets"/>.</summary>
    private static readonly SearchValues<char> BracketOpeners = SearchValues.Create("([{“\"");

    /// <summary>The characters <see cref="SpaceBeforePunctuation"/> ends with.</summary>
    private static readonly SearchValues<char> ClosingPunctuation = SearchValues.Create(",;:.!?)]");

    /// <summary>The characters <see cref="RepeatedPunctuation"/> starts with.</summary>
    private static readonly SearchValues<char> ListPunctuation = SearchValues.Create(",;:");

    public sealed record Cleaned(string Title, string FullText, bool? Done, bool Dangling, bool Truncated, string? Owner, string? Due);

    public static Cleaned Clean(string text)
    {
        bool? done = null;
        var working = text;
        string? owner = null;
        string? due = null;

        // Most items carry none of these markers: a character test first skips the scans (same results).
        var symbols = working.AsSpan().ContainsAny(DoneSymbolChars);
        var brackets = working.AsSpan().ContainsAny('(', '[');
        var dashes = working.AsSpan().ContainsAny(DashChars);
        if (symbols && DoneSymbol.IsMatch(working) || brackets && DoneParenthetical.IsMatch(working) || dashes && DonePrefix.IsMatch(working) || dashes && DoneSuffix.IsMatch(working))
        {
            done = true;
        }
        else if (brackets && OpenParenthetical.IsMatch(working) || dashes && OpenPrefix.IsMatch(working) || OpenWord.IsMatch(working))
        {
            done = false;
        }

        working = symbols ? DoneSymbol.Replace(working, " ") : working;
        working = brackets ? DoneParenthetical.Replace(working, " ") : working;
        working = dashes ? DonePrefix.Replace(working, "") : working;
        working = dashes ? DoneSuffix.Replace(working, "") : working;
        working = brackets ? OpenParenthetical.Replace(working, " ") : working;
        working = dashes ? OpenPrefix.Replace(working, "") : working;

        // Each pattern below needs a literal most items lack (':' or '=', '@', a date's '-', "://"): tested first, same results.
        if (working.AsSpan().ContainsAny(':', '=') && OwnerMarker.Match(working) is { Success: true } ownerMatch)
        {
            owner = ownerMatch.Groups[2].Value.Trim();
            working = working.Remove(ownerMatch.Index, ownerMatch.Length).Insert(ownerMatch.Index, " ");
        }
        else if (working.Contains('@', StringComparison.Ordinal) && Mention.Match(working) is { Success: true } mention)
        {
            owner = mention.Groups[2].Value.TrimEnd('.', ',');
        }

        if (working.Contains('-', StringComparison.Ordinal) && DueMarker.Match(working) is { Success: true } dueMatch && !dueMatch.Groups[1].Value.Equals("by", StringComparison.OrdinalIgnoreCase))
        {
            due = dueMatch.Groups[2].Value;
            working = working.Remove(dueMatch.Index, dueMatch.Length).Insert(dueMatch.Index, " ");
        }

        var fullText = TextTools.NormalizeWhitespace(working).Trim();
        var beforeUrls = working;
        working = working.Contains("://", StringComparison.Ordinal) ? Url.Replace(working, " ") : working;
        var dangling = !ReferenceEquals(beforeUrls, working) && beforeUrls != working;
        var (title, trimmedDangling) = Tidy(working);
        dangling |= trimmedDangling;
        if (title.Length == 0)
        {
            // An item that is only a link keeps the link as its title.
            (title, _) = Tidy(beforeUrls);
            dangling = false;
        }

        var truncated = false;
        if (title.Length > MaxTitleLength)
        {
            truncated = true;
            var firstSentence = FirstSentence(title);
            title = firstSentence.Length is > 0 and <= MaxTitleLength ? firstSentence.TrimEnd('.') : Shorten(title);
        }

        return new Cleaned(title, fullText, done, dangling, truncated, owner, due);
    }

    /// <summary>Whitespace, empty brackets left by removed links, and punctuation dangling at either end.</summary>
    public static (string Text, bool Dangling) Tidy(string text)
    {
        var working = TextTools.NormalizeWhitespace(text);
        var original = working;
        // Each pattern only where its punctuation is (a Replace without a match returns its input): same results.
        working = working.AsSpan().ContainsAny(BracketOpeners) ? EmptyBrackets.Replace(working, "") : working;
        var dangling = working != original;
        working = working.AsSpan().ContainsAny(ClosingPunctuation) ? SpaceBeforePunctuation.Replace(working, "$1") : working;
        working = working.AsSpan().ContainsAny('(', '[') ? SpaceAfterOpening.Replace(working, "$1") : working;
        var beforeRepeat = working;
        working = working.AsSpan().ContainsAny(ListPunctuation) ? RepeatedPunctuation.Replace(working, "$1") : working;
        dangling |= working != beforeRepeat;
        working = TextTools.NormalizeWhitespace(working);

        var end = working.Length;
        var removedDangling = false;
        while (end > 0 && (char.IsWhiteSpace(working[end - 1]) || working[end - 1] is ',' or ';' or ':' or '-' or '–' or '—' or '/' or '|' or '(' or '[' or '.' or '·' or '•'))
        {
            if (working[end - 1] is not ('.' or ' '))
            {
                removedDangling = true;
            }

            end--;
        }

        // "etc." and "e.g." keep their period.
        if (end < working.Length && working[end] == '.' && (working[..end].EndsWith("etc", StringComparison.OrdinalIgnoreCase) || working[..end].EndsWith("e.g", StringComparison.Ordinal)))
        {
            end++;
        }

        var start = 0;
        while (start < end && (char.IsWhiteSpace(working[start]) || working[start] is ',' or ';' or ':' or '-' or '–' or '—' or '|' or '.' or '·' or '•' or '*'))
        {
            start++;
        }

        return (working[start..end], dangling || removedDangling);
    }

    public static bool IsQuestion(string title)
    {
        var trimmed = title.TrimEnd(QuestionClosers);
        if (trimmed.EndsWith('?') || title.Contains("? ", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var match in ClauseQuestion.Matches(title).Cast<Match>())
        {
            var next = match.Groups[3].Value.ToUpperInvariant();
            var word = match.Groups[2].Value.ToUpperInvariant();
            // "Do not deploy on Fridays" is an instruction; "When X happens, page Y" is a condition.
            if (next is "NOT" or "N'T")
            {
                continue;
            }

            if (word is "WHEN" or "WHICH" or "WHO" or "MAY" or "MIGHT" or "WILL" or "WAS" or "WERE" && !title.Contains('?', StringComparison.Ordinal))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(none|none yet|none so far|none at this (point in )?time|none at the moment|none identified|none needed|nothing|nothing yet|" +
        @"tbd|tba|to be (determined|decided|added|defined|filled in)|n/?a|not applicable|-+|—|–|\.\.\.|…|no actionables?|no action items?|" +
        @"no follow[- ]?ups?|no (further )?actions?( required| needed)?|pending|\?+)\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex NoneMarker { get; }

    public static bool IsNoneMarker(string text) => NoneMarker.IsMatch(TextTools.NormalizeWhitespace(text).Trim().Trim(NoneMarkerWrapping).Trim());

    public static string FirstSentence(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] is '.' or '!' or '?' && text[i + 1] == ' ' && i > 3 && !IsAbbreviation(text, i))
            {
                return text[..(i + 1)];
            }
        }

        return text;
    }

    public static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] is '.' or '!' or '?' && text[i + 1] == ' ' && !IsAbbreviation(text, i)
                && i + 2 < text.Length && (char.IsUpper(text[i + 2]) || text[i + 2] is '"' or '“' or '(' or '['))
            {
                sentences.Add(text[start..(i + 1)].Trim());
                start = i + 2;
            }
        }

        if (start < text.Length)
        {
            sentences.Add(text[start..].Trim());
        }

        return sentences.Where(s => s.Length > 0).ToList();
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] != '(')
        {
            wordStart--;
        }

        var word = text[wordStart..dot].ToUpperInvariant();
        return word is "E.G" or "I.E" or "ETC" or "VS" or "MR" or "MS" or "DR" or "CF" or "NO" or "APPROX" or "INCL" || word.Length == 1;
    }

    private static string Shorten(string text)
    {
        var cut = text.LastIndexOf(' ', Math.Min(text.Length - 1, MaxTitleLength - 1));
        var builder = new StringBuilder(text[..(cut > 40 ? cut : MaxTitleLength - 1)].TrimEnd(',', ';', ':', ' '));
        return builder.Append('…').ToString();
    }
}
