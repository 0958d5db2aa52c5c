using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Application;
using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Prevention;

/// <summary>
/// The prevention review part of the schema (README, "Prevention review"), kept in one place: the root and incident
/// types call these with one line each.
/// </summary>
public static class PreventionSchemaFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PreventionCandidateType>>>>("preventionCandidates")
            .Description("Items of other incidents that were open when this incident started (its startedAt, else its date, else endedAt), " +
                         "ranked by relevance to its title, summary, impact, timeline, own actionables and tags (BM25, docs/prevention.md), best first.")
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .Argument<IntGraphType>("first", a =>
            {
                a.DefaultValue = PreventionService.DefaultCandidates;
                a.Description = $"How many candidates (1–{PreventionService.MaxCandidates}).";
            })
            .Resolve().WithService<PreventionService>()
            .ResolveAsync(async (c, prevention) =>
            {
                var result = await prevention.CandidatesAsync(
                    new FindPreventionCandidates(QueryType.Id(c, "incidentId"), c.GetArgument("first", PreventionService.DefaultCandidates)),
                    c.Actor(), c.CancellationToken);
                return result.Succeeded ? result.Value : throw RequestError(result.Errors[0]);
            });
        RepeatDetectionFields.AddQueries(query);
    }

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<PreventionReviewPayloadType>>("recordPreventionVerdict")
            .Description("Records whether an item of another incident would have prevented or mitigated this incident. " +
                         "A new decision on the same item replaces the current verdict; the earlier one stays in preventionVerdicts(includeSuperseded: true).")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .Argument<NonNullGraphType<IdGraphType>>("itemId")
            .Argument<NonNullGraphType<EnumerationGraphType<PreventionVerdict>>>("verdict")
            .Argument<StringGraphType>("note")
            .Resolve().WithService<PreventionService>()
            .ResolveAsync(async (c, prevention) => c.AfterChange(PreventionReviewPayload.From(await prevention.RecordVerdictAsync(
                new RecordPreventionVerdict(QueryType.Id(c, "incidentId"), QueryType.Id(c, "itemId"),
                    c.GetArgument<PreventionVerdict>("verdict"), c.GetArgument<string?>("note")),
                c.Actor(), c.CancellationToken))));
    }

    public static void AddToIncident(ObjectGraphType<Incident> incident)
    {
        incident.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PreventionReviewType>>>>("preventionVerdicts")
            .Description("Reviewers' verdicts on items of other incidents, in the order they were decided: the current ones, or with includeSuperseded every decision.")
            .Argument<BooleanGraphType>("includeSuperseded", a => a.DefaultValue = false)
            .Resolve().WithService<PreventionLoaders>()
            .Resolve((c, loaders) =>
            {
                var all = c.GetArgument("includeSuperseded", false);
                return loaders.ReviewsByIncident.Load(c.Source.Id, reviews =>
                    (IReadOnlyList<PreventionReview>)[.. reviews.Where(r => all || r.SupersededAt == null)]);
            });
        incident.Field<NonNullGraphType<OpenTaskQueueAnswerType>>("openTaskQueueAnswer")
            .Description("\"Was the open task queue free of any tasks that would have prevented this incident?\": derived from the verdicts, beside the authors' answer.")
            .Resolve().WithService<PreventionLoaders>()
            .Resolve((c, loaders) => loaders.AnswerByIncident(c.Source.Id));
        incident.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScorecardCheckType>>>>("scorecardChecks")
            .Description("The scorecard questions we can answer from stored data (its own task, owners of its items, the prevention " +
                "verdicts), each derived answer beside the authors' one.")
            .Resolve().WithService<PreventionLoaders>()
            .Resolve((c, loaders) => loaders.ChecksByIncident(c.Source.Id));
    }

    private static GraphQLRequestException RequestError(UseCaseError error) => new(error.Kind switch
    {
        ErrorKind.NotFound => ErrorCodes.NotFound,
        ErrorKind.Forbidden => ErrorCodes.Forbidden,
        _ => ErrorCodes.Validation,
    }, error.Message);
}
