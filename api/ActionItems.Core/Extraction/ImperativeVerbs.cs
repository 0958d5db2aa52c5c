namespace ActionItems.Core.Extraction;

/// <summary>
/// The verbs action items start with ("Create a dashboard …", "Reach out to teams …"). A sub-bullet that starts
/// with one is a task of its own (issue 18, class 6; product brief §3: "own verb"), not a detail of its parent.
/// A closed list rather than a part-of-speech guess: a word here is read as a verb only as the first word of an
/// entry, where postmortem lists use the imperative.
/// </summary>
internal static class ImperativeVerbs
{
    private static readonly HashSet<string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "add", "adjust", "adopt", "alert", "allow", "archive", "ask", "assign", "audit", "automate", "avoid", "block",
        "build", "bump", "change", "check", "clarify", "clean", "collect", "communicate", "configure", "confirm",
        "consider", "contact", "coordinate", "create", "decide", "define", "delete", "deploy", "deprecate", "design",
        "determine", "develop", "disable", "discuss", "document", "draft", "enable", "enforce", "ensure", "escalate",
        "establish", "evaluate", "expand", "explore", "expose", "extend", "file", "find", "fix", "fund", "harden",
        "identify", "implement", "improve", "increase", "inform", "install", "instrument", "introduce", "investigate",
        "limit", "look", "make", "measure", "migrate", "monitor", "move", "notify", "onboard", "open", "pin", "plan",
        "prepare", "prevent", "prioritize", "prioritise", "provide", "publish", "raise", "reach", "reduce", "refactor",
        "remove", "rename", "replace", "require", "research", "restrict", "review", "revisit", "rewrite", "rotate", "run",
        "schedule", "separate", "set", "share", "split", "standardize", "standardise", "start", "stop", "switch", "teach",
        "test", "track", "train", "tune", "turn", "update", "upgrade", "use", "validate", "verify", "write",
    };

    /// <summary>Whether the entry's first word (past leading markup and punctuation) is one of the verbs.</summary>
    public static bool StartsWithVerb(string text)
    {
        var span = text.AsSpan().TrimStart(" *_`\"'([".AsSpan());
        var end = 0;
        while (end < span.Length && char.IsAsciiLetter(span[end]))
        {
            end++;
        }

        // "Test-driven …", "Set-up" and the like are nouns or adjectives, not the imperative.
        if (end == 0 || (end < span.Length && span[end] is '-' or '\''))
        {
            return false;
        }

        return Verbs.GetAlternateLookup<ReadOnlySpan<char>>().Contains(span[..end]);
    }
}
