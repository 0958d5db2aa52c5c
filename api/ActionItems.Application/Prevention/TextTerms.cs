using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Turns English text into ranking terms: lower-cased runs of letters and digits (a hyphen or dot inside a word
/// splits it, so "mwscript-k8s" is "mwscript" and "k8s"), English stop words and pure numbers dropped (dates and
/// times in timelines match everything), and a light suffix stemmer so "limits"/"limit" and "deploying"/"deploy"
/// meet. Deliberately small and provider-independent: the same terms on PostgreSQL and SQLite. docs/prevention.md.
/// </summary>
public static partial class TextTerms
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
        // Words every postmortem and tracker uses about itself, and the parts of a URL that name no system: they say
        // a text is a report, not what it is about ("issue" matched every item that links an issue).
        "incident", "incidents", "issue", "issues", "ticket", "tickets", "postmortem", "postmortems", "http", "https",
        "www", "com", "org", "net", "html", "date", "title", "summary", "impact", "timeline",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordSpans =
        StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Receives one term (stemmed) and the word it came from (lower-cased); both only valid during the call.</summary>
    public delegate void TermHandler<TState>(ref TState state, ReadOnlySpan<char> term, ReadOnlySpan<char> word);

    /// <summary>
    /// Calls <paramref name="onTerm"/> with each term of <paramref name="text"/>, without allocating: ranking reads
    /// every open item's text on each request, so a string per word would be most of its cost.
    /// </summary>
    public static void Read<TState>(string? text, ref TState state, TermHandler<TState> onTerm)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        Span<char> word = stackalloc char[MaxWordLength];
        Span<char> stem = stackalloc char[MaxWordLength];
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
            var hasLetter = false;
            for (var k = 0; k < length; k++)
            {
                word[k] = char.ToLowerInvariant(text[start + k]);
                hasLetter |= char.IsLetter(word[k]);
            }
            var lowered = word[..length];
            if (!hasLetter || StopWordSpans.Contains(lowered))
            {
                continue;
            }
            lowered.CopyTo(stem);
            onTerm(ref state, stem[..Stem(stem, length)], lowered);
        }
    }

    /// <summary>Calls <paramref name="onTerm"/> with each term of <paramref name="text"/> and the word it came from, as strings.</summary>
    public static void Read(string? text, Action<string, string> onTerm)
    {
        var handler = onTerm;
        Read(text, ref handler, static (ref Action<string, string> h, ReadOnlySpan<char> term, ReadOnlySpan<char> word) =>
            h(new string(term), new string(word)));
    }

    /// <summary>The terms of a text, in order (repeats kept).</summary>
    public static List<string> Of(string? text)
    {
        var terms = new List<string>();
        Read(text, (term, _) => terms.Add(term));
        return terms;
    }

    /// <summary>
    /// The tracker tasks a text names, as reference terms: a GitHub issue (URL or <c>owner/repo#N</c>) is
    /// <c>owner/repo#n</c>, lower-cased, the form a GitHub link's remote id takes. Two postmortems naming the same issue
    /// are about the same unfinished work whatever words they use ("blocking on #365"), and an issue key is far rarer
    /// than any word, so it ranks as the strong evidence it is. Phabricator task numbers (<c>T12345</c>) need no rule:
    /// they are ordinary terms already. docs/prevention.md, "Shared tracker tasks".
    /// </summary>
    public static List<string> References(string? text)
    {
        var references = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return references;
        }
        foreach (Match match in GitHubIssue.Matches(text))
        {
            var owner = match.Groups["owner"].Success ? match.Groups["owner"] : match.Groups["bareOwner"];
            var repository = match.Groups["repo"].Success ? match.Groups["repo"] : match.Groups["bareRepo"];
            var number = match.Groups["number"].Success ? match.Groups["number"] : match.Groups["bareNumber"];
            var reference = ReferenceTerm(owner.Value, repository.Value, number.Value);
            if (!references.Contains(reference))
            {
                references.Add(reference);
            }
        }
        return references;
    }

    /// <summary>The reference term of a stored tracker link's remote id (<c>owner/repo#N</c>, <c>T123</c>), or null.</summary>
    public static string? ReferenceOfRemoteId(string? remoteId)
    {
        if (string.IsNullOrWhiteSpace(remoteId))
        {
            return null;
        }
        var match = GitHubIssue.Match(" " + remoteId.Trim());
        return match.Success && match.Groups["bareOwner"].Success
            ? ReferenceTerm(match.Groups["bareOwner"].Value, match.Groups["bareRepo"].Value, match.Groups["bareNumber"].Value)
            : TaskNumber.IsMatch(remoteId.Trim()) ? remoteId.Trim().ToLowerInvariant() : null;
    }

    private static string ReferenceTerm(string owner, string repository, string number) =>
        $"{owner}/{repository}#{number.TrimStart('0')}".ToLowerInvariant();

    // Issues only (not pull requests: a change is not the follow-up itself). Bounded: owner and repository names have
    // GitHub's lengths, numbers at most 9 digits.
    [GeneratedRegex(@"github\.com/(?<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/(?<repo>[A-Za-z0-9._-]{1,100})/issues/(?<number>[0-9]{1,9})(?![0-9])|(?<=^|[\s(\[,;])(?<bareOwner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/(?<bareRepo>[A-Za-z0-9._-]{1,100})#(?<bareNumber>[0-9]{1,9})(?![0-9])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GitHubIssue { get; }

    [GeneratedRegex("^[Tt][1-9][0-9]{0,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskNumber { get; }

    /// <summary>The stem of one lower-cased word.</summary>
    public static string Stem(string word)
    {
        Span<char> buffer = stackalloc char[word.Length + 1];
        word.CopyTo(buffer);
        return new string(buffer[..Stem(buffer, word.Length)]);
    }

    /// <summary>
    /// A light English stemmer, in place: plural and common verb endings only (no Porter steps), so a reviewer can
    /// still read the stems, and it never merges words with different roots the way aggressive stemmers do
    /// ("policy"/"police"). Returns the stem's length; <paramref name="buffer"/> holds it.
    /// </summary>
    private static int Stem(Span<char> buffer, int length)
    {
        length = StripSuffix(buffer, length);
        // A final silent e goes too, so "configure", "configured" and "configuring" share "configur".
        return length > 3 && buffer[length - 1] == 'e' && buffer[length - 2] != 'e' ? length - 1 : length;
    }

    private static int StripSuffix(Span<char> buffer, int length)
    {
        ReadOnlySpan<char> word = buffer[..length];
        if (length <= 3 || !char.IsLetter(word[^1]))
        {
            return length;
        }
        if (word.EndsWith("ies") && length > 4)
        {
            buffer[length - 3] = 'y';
            return length - 2;
        }
        if (word.EndsWith("sses"))
        {
            return length - 2;
        }
        if (word.EndsWith("es") && length > 4 && (word.EndsWith("ches") || word.EndsWith("shes") || word.EndsWith("xes") || word.EndsWith("zes")))
        {
            return length - 2;
        }
        if (word.EndsWith('s') && !word.EndsWith("ss") && !word.EndsWith("us") && !word.EndsWith("is"))
        {
            return length - 1;
        }
        if (word.EndsWith("ing") && length > 5)
        {
            return Undouble(buffer, length - 3);
        }
        if (word.EndsWith("ed") && length > 4 && !word.EndsWith("eed"))
        {
            return Undouble(buffer, length - 2);
        }
        return length;
    }

    /// <summary>"running" → "runn" → "run"; "stalled" → "stall" stays (ll, ss and zz are kept, as in "install").</summary>
    private static int Undouble(ReadOnlySpan<char> stem, int length) =>
        length > 3 && stem[length - 1] == stem[length - 2] && stem[length - 1] is not ('l' or 's' or 'z') && !IsVowel(stem[length - 1])
            ? length - 1
            : length;

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
