using ActionItems.Core.Domain;

namespace ActionItems.Application.Prevention;

/// <summary>One scorecard question we can answer from stored data, beside the answer the postmortem's authors wrote.</summary>
public sealed record ScorecardCheck(string Question, ScorecardAnswerValue? Derived, ScorecardAnswer? Written, string Basis)
{
    public bool Disagreement => PreventionScorecard.Disagree(Derived, Written?.Answer);
}

/// <summary>What we know about one incident that the derivable scorecard questions need.</summary>
public sealed record ScorecardFacts(string? TaskRef, int Items, int UnassignedItems, IReadOnlyList<PreventionVerdict> CurrentVerdicts);

/// <summary>
/// The scorecard questions whose answers follow from stored data (the Wikimedia incident scorecard asks them; other
/// scorecards are matched by the words of the question): the authors' answers are often left blank or go stale.
/// </summary>
public static class ScorecardChecks
{
    public const string TaskQuestion = "Is there a phabricator task for the incident?";
    public const string AssignedQuestion = "Are the documented action items assigned?";

    public static IReadOnlyList<ScorecardCheck> For(ScorecardFacts facts, IReadOnlyList<ScorecardAnswer> scorecard)
    {
        var verdicts = facts.CurrentVerdicts.Count;
        return
        [
            new(TaskQuestion, facts.TaskRef is null ? ScorecardAnswerValue.No : ScorecardAnswerValue.Yes,
                Written(scorecard, "task", "incident", notAlso: "prevent"),
                facts.TaskRef is null ? "The postmortem names no task of its own." : $"The incident's task is {facts.TaskRef}."),
            new(AssignedQuestion,
                facts.Items == 0 ? null : facts.UnassignedItems == 0 ? ScorecardAnswerValue.Yes : ScorecardAnswerValue.No,
                Written(scorecard, "action item", "assigned"),
                facts.Items == 0 ? "The incident has no action items."
                : $"{facts.Items - facts.UnassignedItems} of {facts.Items} action items have an owner."),
            new(PreventionScorecard.Question, PreventionScorecard.Derive(facts.CurrentVerdicts), PreventionScorecard.Written(scorecard),
                verdicts == 0 ? "No prevention verdicts yet."
                : $"{verdicts} prevention verdict{(verdicts == 1 ? "" : "s")}, " +
                  $"{facts.CurrentVerdicts.Count(v => v == PreventionVerdict.WouldHavePrevented)} of them would have prevented it."),
        ];
    }

    /// <summary>The authors' answer to the question that has all these words (and not <paramref name="notAlso"/>).</summary>
    private static ScorecardAnswer? Written(IReadOnlyList<ScorecardAnswer> scorecard, string first, string second, string? notAlso = null) =>
        scorecard.FirstOrDefault(a => a.Question.Contains(first, StringComparison.OrdinalIgnoreCase)
            && a.Question.Contains(second, StringComparison.OrdinalIgnoreCase)
            && (notAlso is null || !a.Question.Contains(notAlso, StringComparison.OrdinalIgnoreCase)));
}
