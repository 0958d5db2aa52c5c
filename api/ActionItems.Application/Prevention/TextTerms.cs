using System.Collections.Frozen;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Turns English text into ranking terms: lower-cased runs of letters and digits (a hyphen or dot inside a word
/// splits it, so "mwscript-k8s" is "mwscript" and "k8s"), English stop words and pure numbers dropped (dates and
/// times in timelines match everything), and a light suffix stemmer so "limits"/"limit" and "deploying"/"deploy"
/// meet. Deliberately small and provider-independent: the same terms on PostgreSQL and SQLite. docs/prevention.md.
/// </summary>
public static class TextTerms
{
    /// <summary>Words longer than this are not words (hashes, base64); they are skipped.</summary>
    private const int MaxWordLength = 40;

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "done", "down", "during", "each", "etc", "few", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "let", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="onTerm"/> with each term of <paramref name="text"/> and the word it came from.</summary>
    public static void Read(string? text, Action<string, string> onTerm)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        Span<char> buffer = stackalloc char[MaxWordLength];
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            var length = i - start;
            if (length < 2 || length > MaxWordLength)
            {
                continue;
            }
            var word = buffer[..length];
            var hasLetter = false;
            for (var k = 0; k < length; k++)
            {
                word[k] = char.ToLowerInvariant(text[start + k]);
                hasLetter |= char.IsLetter(word[k]);
            }
            if (!hasLetter)
            {
                continue;
            }
            var surface = new string(word);
            if (StopWords.Contains(surface))
            {
                continue;
            }
            onTerm(Stem(surface), surface);
        }
    }

    /// <summary>The terms of a text, in order (repeats kept).</summary>
    public static List<string> Of(string? text)
    {
        var terms = new List<string>();
        Read(text, (term, _) => terms.Add(term));
        return terms;
    }

    /// <summary>
    /// A light English stemmer: plural and common verb endings only (no Porter steps), so a reviewer can still read
    /// the stems, and it never merges words with different roots the way aggressive stemmers do ("policy"/"police").
    /// </summary>
    public static string Stem(string word)
    {
        var stem = StripSuffix(word);
        // A final silent e goes too, so "configure", "configured" and "configuring" share "configur".
        return stem.Length > 3 && stem[^1] == 'e' && !stem.EndsWith("ee", StringComparison.Ordinal) ? stem[..^1] : stem;
    }

    private static string StripSuffix(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }
        if (word.EndsWith("sses", StringComparison.Ordinal))
        {
            return word[..^2];
        }
        if (word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 &&
            (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) ||
             word.EndsWith("xes", StringComparison.Ordinal) || word.EndsWith("zes", StringComparison.Ordinal)))
        {
            return word[..^2];
        }
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) &&
            !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }
        if (word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5)
        {
            return Undouble(word[..^3]);
        }
        if (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4 && !word.EndsWith("eed", StringComparison.Ordinal))
        {
            return Undouble(word[..^2]);
        }
        return word;
    }

    /// <summary>"running" → "runn" → "run"; "stalled" → "stall" stays (ll, ss and zz are kept, as in "install").</summary>
    private static string Undouble(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !IsVowel(stem[^1])
            ? stem[..^1]
            : stem;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
