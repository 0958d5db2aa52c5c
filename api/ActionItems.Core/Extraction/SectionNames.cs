using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

internal enum SectionRole
{
    Other,
    Actionables,
    NotActionables,
    Timeline,
    Scorecard,
    Summary,
    Impact,
    Metadata,
}

/// <summary>Recognises what a heading is about from its wording, whatever its markup or level.</summary>
internal static partial class SectionNames
{
    [GeneratedRegex(@"^((incident|postmortem|post-mortem|open|outstanding|proposed|recommended|suggested|remaining|key|future|further|list of|our|planned|new)\s+)*" +
        @"(actionables?( items?| tasks?)?|action[- ]items?( list)?|action points?|actions?( to take| items)?|" +
        @"follow[- ]?ups?( items?| tasks?| actions?| work| actionables)?|" +
        @"remediations?( items?| actions?| tasks?| steps?| plan| work)?|" +
        @"corrective( and prevent(at)?ive)? (actions?|measures?)|capa|" +
        @"prevent(at)?ive (actions?|measures?|steps?)|prevention( measures?| steps?| items?| actions?| plan)?|" +
        @"next steps|todos?|to[- ]?dos?( list)?|to do( list)?|what we will do|what we are doing|how we will prevent (this|it)( from happening again)?|" +
        @"improvements?( items)?|lessons learned and (actions?|action items)|" +
        @"(remediation|follow[- ]?up|action) and (prevention|remediation|follow[- ]?up)( items| actions| tasks)?)" +
        @"( and (owners?|tasks?|tickets?))?( for (this|the) incident)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex ActionablesName { get; }

    [GeneratedRegex(@"^(what went (well|poorly|wrong|right|badly)|where (did )?we (got|get) lucky|lessons? learn(ed|t)|things that went (well|wrong)|" +
        @"conclusions?|detection|summary|timeline|root causes?( analysis)?|background|links?( to relevant documentation)?|" +
        @"impact|resolution|scorecard|incident (engagement )?scorecard|glossary|references|appendix|contributing factors|trigger|" +
        @"what happened|overview|incident metadata|mitigation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex NotActionablesName { get; }

    /// <summary>
    /// Words that make a heading outside the fixed names forward-looking ("Future mitigations and product
    /// improvements", "What we're doing about it", "Remedial Measures", "Recommendations", "The Following 2 Weeks" — the
    /// period after the incident, when follow-up work is done). The key has lost its apostrophes when they were
    /// typographic, hence "were doing".
    /// </summary>
    [GeneratedRegex(@"\b(future|plans?|planned|improvements?|improve|improving|prevent|prevention|preventive|preventative|corrective|corrections?|" +
        @"fix|fixes|follow[- ]?ups?|follow[- ]up (actions?|items?|work)|remedial|remediate|remediations?|recommend|recommendations?|recommended|" +
        @"next|todos?|to[- ]do|actions?|action items?|going forward|what we(( a|')?re| will be| will) (doing|changing|do|change)|" +
        @"following( [0-9]+| few| two| three| couple of)? (days|weeks|months))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex ForwardLookingWord { get; }

    /// <summary>Words that keep a heading about the past or about questions out, whatever forward-looking word it also has.</summary>
    [GeneratedRegex(@"\b(timeline|lessons?|went|lucky|happened|causes?|impact|background|questions?|taken|during|after|report)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex BackwardLookingWord { get; }

    /// <summary>A heading longer than this is a title or a sentence, not a section name, whatever words it holds.</summary>
    private const int MaxNamedByWordsLength = 6;

    [GeneratedRegex(@"^((detailed|incident|full|rough) )?(timeline|chronology|sequence of events|timeline of events)|^what happened$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex TimelineName { get; }

    [GeneratedRegex(@"^(incident )?(engagement )?scorecard", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex ScorecardName { get; }

    /// <summary>Headings inside an actionables section that sort its items by state or horizon, not new sections.</summary>
    [GeneratedRegex(@"^(completed?|done|finished|resolved|closed|open|still open|in progress|ongoing|pending|remaining|not started|" +
        @"short[- ]term|medium[- ]term|long[- ]term|immediate|later|high priority|low priority|medium priority|p[0-4])( items| tasks| actions)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex ItemGroupName { get; }

    [GeneratedRegex(@"^(completed?|done|finished|resolved|closed)( items| tasks| actions)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex DoneGroupName { get; }
    [GeneratedRegex(@"^(open|still open|in progress|ongoing|pending|remaining|not started|todos?|to do)( items| tasks| actions)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex OpenGroupName { get; }

    /// <summary>Names that a rendered page shows on a line of their own where a heading used to be.</summary>
    [GeneratedRegex(@"^(summary|timeline|detection|conclusions?|what went well|what went poorly|what went wrong|where did we get lucky|" +
        @"links to relevant documentation|actionables|action items|follow-ups?|follow-up items|remediation|corrective actions|" +
        @"prevention measures|next steps|scorecard|impact|root cause|lessons learned|background|resolution|" +
        @"incident scorecard|documentation|contents)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex StandaloneHeadingName { get; }

    public static SectionRole Classify(string heading)
    {
        var key = TextTools.HeadingKey(heading);
        if (key.Length == 0 || key.Length > 80)
        {
            return SectionRole.Other;
        }

        if (ActionablesName.IsMatch(key))
        {
            return SectionRole.Actionables;
        }

        if (TimelineName.IsMatch(key))
        {
            return SectionRole.Timeline;
        }

        if (ScorecardName.IsMatch(key))
        {
            return SectionRole.Scorecard;
        }

        if (key.StartsWith("summary", StringComparison.Ordinal) || key == "overview")
        {
            return SectionRole.Summary;
        }

        if (key == "impact" || key == "user impact" || key == "customer impact")
        {
            return SectionRole.Impact;
        }

        if (key.StartsWith("incident metadata", StringComparison.Ordinal))
        {
            return SectionRole.Metadata;
        }

        if (NotActionablesName.IsMatch(key))
        {
            return SectionRole.NotActionables;
        }

        return IsNamedForwardByWords(heading, key) ? SectionRole.Actionables : SectionRole.Other;
    }

    /// <summary>
    /// Names outside the fixed list (issue 18, class 8): a short heading that is not a question and holds a
    /// forward-looking word and no backward-looking one ("How did we fix it?" and "Follow-up timeline" stay out).
    /// </summary>
    private static bool IsNamedForwardByWords(string heading, string key) =>
        !heading.TrimEnd().EndsWith('?')
        && TextTools.WordCount(key) <= MaxNamedByWordsLength
        && ForwardLookingWord.IsMatch(key)
        && !BackwardLookingWord.IsMatch(key);

    public static bool IsItemGroup(string heading) => ItemGroupName.IsMatch(TextTools.HeadingKey(heading));

    /// <summary>true for a "Completed" group, false for an "Open"/"TODO" group, null otherwise.</summary>
    public static bool? GroupDoneState(string heading)
    {
        var key = TextTools.HeadingKey(heading);
        if (DoneGroupName.IsMatch(key))
        {
            return true;
        }

        return OpenGroupName.IsMatch(key) ? false : null;
    }

    public static bool IsStandaloneHeading(string line) => IsStandaloneHeading(line.AsSpan(), line);

    /// <summary>The same test on a span: the line becomes a string only when it is short enough to be a heading.</summary>
    public static bool IsStandaloneHeading(ReadOnlySpan<char> line) => IsStandaloneHeading(line, null);

    private static bool IsStandaloneHeading(ReadOnlySpan<char> line, string? lineString)
    {
        // First the test that stops at the line's first letter or digit: timeline lines, the commonest in many
        // documents, fail it there, before their letters are counted.
        if (!KeyStartsWithLetter(line))
        {
            return false;
        }

        // The key keeps every letter of the line; more than 40 letters can never name a standalone heading.
        var letters = 0;
        foreach (var c in line)
        {
            if (char.IsLetter(c) && ++letters > 40)
            {
                return false;
            }
        }

        var key = TextTools.HeadingKey(lineString ?? line.ToString());
        return key.Length > 0 && key.Length <= 40 && (StandaloneHeadingName.IsMatch(key) || ActionablesName.IsMatch(key) || TimelineName.IsMatch(key));
    }

    /// <summary>
    /// Whether <see cref="TextTools.HeadingKey"/> of the line would begin with a letter, worked out on the line
    /// itself: every name pattern starts with one, and timeline lines ("12:46 …"), the commonest short lines,
    /// give keys that start with a digit. Mirrors HeadingKey: spacing and zero-width spaces are trimmed, a
    /// leading run of digits and dots followed by a space is numbering and dropped, and the key keeps only
    /// letters, digits, '/' and '\'' (the rest is dropped or trimmed).
    /// </summary>
    private static bool KeyStartsWithLetter(ReadOnlySpan<char> line)
    {
        static bool IsSpacing(char c) => char.IsWhiteSpace(c) || c == '\u200b';

        var i = 0;
        while (i < line.Length && IsSpacing(line[i]))
        {
            i++;
        }

        var numberingStart = i;
        while (i < line.Length && (char.IsDigit(line[i]) || line[i] == '.'))
        {
            i++;
        }

        if (i > numberingStart && !(i < line.Length && IsSpacing(line[i])))
        {
            // Not numbering: the run stays in the key, which then starts with its first digit (dots are dropped).
            i = numberingStart;
        }

        for (; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsLetterOrDigit(c) || c is '/' or '\'')
            {
                return char.IsLetter(c);
            }
        }

        return false;
    }

    /// <summary>Status words a rendered page shows alone on a line inside an actionables list.</summary>
    public static bool IsStandaloneItemGroup(string line) => DoneGroupName.IsMatch(TextTools.HeadingKey(line)) && line.Length < 30;
}
