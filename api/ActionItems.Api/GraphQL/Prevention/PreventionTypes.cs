using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Api.GraphQL.Types;
using ActionItems.Application;
using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Prevention;

public sealed class PreventionCandidateType : ObjectGraphType<PreventionCandidate>
{
    public PreventionCandidateType()
    {
        Name = "PreventionCandidate";
        Description = "An item of another incident that was open when this incident started, ranked by relevance to it (docs/prevention.md).";
        Field<NonNullGraphType<ActionItemType>>("item").Resolve(c => c.Source.Item);
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("BM25 relevance to the incident's text; comparable within one answer only.")
            .Resolve(c => c.Source.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("matchedTerms")
            .Description("The incident's words (and #tags) the item matched, strongest first: why it is a candidate.")
            .Resolve(c => c.Source.MatchedTerms);
    }
}

public sealed class PreventionReviewType : ObjectGraphType<PreventionReview>
{
    public PreventionReviewType()
    {
        Name = "PreventionReview";
        Description = "A reviewer's verdict on whether an item of another incident would have prevented this one.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IncidentType>>("incident")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => loaders.Incidents.Load(c.Source.IncidentId));
        Field<NonNullGraphType<ActionItemType>>("item")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => loaders.ActionItems.Load(c.Source.CandidateActionItemId));
        Field<NonNullGraphType<EnumerationGraphType<PreventionVerdict>>>("verdict").Resolve(c => c.Source.Verdict);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
        Field<NonNullGraphType<StringGraphType>>("reviewer").Description("Who decided (the API token's or user's name).")
            .Resolve(c => c.Source.Reviewer);
        Field<NonNullGraphType<DateTimeGraphType>>("decidedAt").Resolve(c => c.Source.At.UtcDateTime);
        Field<DateTimeGraphType>("supersededAt").Description("When a later decision replaced this one; null for the current verdict.")
            .Resolve(c => c.Source.SupersededAt?.UtcDateTime);
    }
}

public sealed class OpenTaskQueueAnswerType : ObjectGraphType<OpenTaskQueueAnswer>
{
    public OpenTaskQueueAnswerType()
    {
        Name = "OpenTaskQueueAnswer";
        Description = "The scorecard question \"was the open task queue free of any tasks that would have prevented this incident?\", " +
                      "derived from the prevention verdicts, beside the answer the authors wrote.";
        Field<NonNullGraphType<StringGraphType>>("question").Resolve(_ => PreventionScorecard.Question);
        Field<EnumerationGraphType<ScorecardAnswerValue>>("derivedAnswer")
            .Description("NO when any current verdict is WOULD_HAVE_PREVENTED; YES when there are verdicts and none is; null without verdicts.")
            .Resolve(c => c.Source.Derived);
        Field<ScorecardAnswerType>("writtenAnswer").Description("The authors' answer in the postmortem's scorecard, if it has this question.")
            .Resolve(c => c.Source.Written);
        Field<NonNullGraphType<IntGraphType>>("verdicts").Description("How many current verdicts the derived answer is made of.")
            .Resolve(c => c.Source.Verdicts);
        Field<NonNullGraphType<BooleanGraphType>>("disagreement")
            .Description("Both answers are known (the written one not UNKNOWN) and differ: the scorecard needs another look.")
            .Resolve(c => c.Source.Disagreement);
    }
}

public sealed class ScorecardCheckType : ObjectGraphType<ScorecardCheck>
{
    public ScorecardCheckType()
    {
        Name = "ScorecardCheck";
        Description = "A scorecard question answered from stored data, beside the answer the postmortem's authors wrote.";
        Field<NonNullGraphType<StringGraphType>>("question").Resolve(c => c.Source.Question);
        Field<EnumerationGraphType<ScorecardAnswerValue>>("derivedAnswer").Description("Null when the data cannot tell (e.g. no items).")
            .Resolve(c => c.Source.Derived);
        Field<ScorecardAnswerType>("writtenAnswer").Description("The authors' answer in the postmortem's scorecard, if it has this question.")
            .Resolve(c => c.Source.Written);
        Field<NonNullGraphType<StringGraphType>>("basis").Description("What the derived answer rests on, in a sentence.")
            .Resolve(c => c.Source.Basis);
        Field<NonNullGraphType<BooleanGraphType>>("disagreement")
            .Description("Both answers are known (the written one not UNKNOWN) and differ.")
            .Resolve(c => c.Source.Disagreement);
    }
}

public sealed record PreventionReviewPayload(PreventionReview? Review, IReadOnlyList<MutationError> Errors)
{
    public static PreventionReviewPayload From(Result<PreventionReview> result) => new(result.Value, MutationErrors.From(result.Errors));
}

public sealed class PreventionReviewPayloadType : ObjectGraphType<PreventionReviewPayload>
{
    public PreventionReviewPayloadType()
    {
        Name = "PreventionReviewPayload";
        Field<PreventionReviewType>("review").Description("The current verdict after the mutation.").Resolve(c => c.Source.Review);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
