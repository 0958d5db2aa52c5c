using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Picks the recommendation out of prose ("The recommended action here is to …") and rewrites it as an
/// imperative title. Items found this way are low confidence and always flagged for review.
/// </summary>
internal static partial class Recommendation
{
    [GeneratedRegex(@"\b(recommend(ed|ation|ations|s)?|action items?|next steps?|follow[- ]?ups?|remediation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex StrongCue { get; }
    [GeneratedRegex(@"\b(action|we will|we'll|we plan to|we intend to|we are (also )?looking into|we're (also )?looking into|going forward|in the future|propose|proposal)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex ActionCue { get; }
    [GeneratedRegex(@"\b(should|must|need to|needs to|ought to|have to|has to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex WeakCue { get; }

    [GeneratedRegex(@"^.{0,200}\b(recommended action|recommendation|action item|next step|proposed action|the action|the fix|the plan)s?( here| for this)? (is|are|would be|will be) (to )?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex LeadIn1 { get; }

    [GeneratedRegex(@"^.{0,200}\b(recommendations?|we recommend|it is recommended)\b.{0,200}\b(in particular|specifically|namely|chiefly|primarily)( to)?\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex LeadIn2 { get; }

    [GeneratedRegex(@"^.{0,60}\b(we recommend|it is recommended|we suggest|we propose) (that )?(to |we )?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex LeadIn3 { get; }

    [GeneratedRegex(@"^(with that in mind|therefore|so|thus|going forward|in the future|as a result|to prevent this|to avoid this)[,]?\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex LeadIn4 { get; }

    [GeneratedRegex(@"^(we|the team|teams|you|one|operators|engineers) (should|must|will|need to|needs to|plan to|intend to|are going to|have to|has to) ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex LeadIn5 { get; }

    private static readonly Regex[] LeadIns = [LeadIn1, LeadIn2, LeadIn3, LeadIn4, LeadIn5];

    [GeneratedRegex(@"\b(focus(es|ed)? on|about|regarding|around) (the [^,;]{3,80}),", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex FocusObject { get; }
    [GeneratedRegex(@"\bwhat (those|these|they) are\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex BackReference { get; }

    /// <summary>First-person wording that commits the team to work: "we will", "we need to", "we are also looking into".</summary>
    [GeneratedRegex(@"\bwe(( will| must| should| need to| have to| plan to| intend to)\b|('re| are)( also)? (looking into|going to|working on)\b|'ll\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex Commitment { get; }

    public static bool CommitsTheTeam(string text) => Commitment.IsMatch(text);

    public static string? Best(IReadOnlyList<string> sentences)
    {
        string? best = null;
        var bestScore = 0;
        foreach (var sentence in sentences)
        {
            if (sentence.StartsWith('[') && sentence.EndsWith(']'))
            {
                continue;
            }

            var score = (StrongCue.IsMatch(sentence) ? 3 : 0) + (ActionCue.IsMatch(sentence) ? 2 : 0) + (WeakCue.IsMatch(sentence) ? 1 : 0);
            if (score > bestScore)
            {
                best = sentence;
                bestScore = score;
            }
        }

        return best;
    }

    public static string ToTitle(string sentence)
    {
        var working = TextTools.NormalizeWhitespace(sentence);
        foreach (var leadIn in LeadIns)
        {
            var match = leadIn.Match(working);
            if (match.Success && match.Length < working.Length - 10)
            {
                working = working[match.Length..];
            }
        }

        // The recommendation stops where a second clause starts ("…; we will not add alerting").
        var cut = working.IndexOfAny([';', '—']);
        if (cut > 10)
        {
            working = working[..cut];
        }

        // "collect feedback about what those are" refers back to the object the sentence is about.
        if (BackReference.IsMatch(working) && FocusObject.Match(sentence) is { Success: true } focus)
        {
            working = BackReference.Replace(working, focus.Groups[3].Value);
        }

        return TextTools.UpperFirst(ItemText.Tidy(working).Text);
    }
}
