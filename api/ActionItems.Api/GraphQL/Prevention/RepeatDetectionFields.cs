using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Api.GraphQL.Types;
using ActionItems.Application;
using ActionItems.Application.Prevention;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Prevention;

/// <summary>
/// Repeat detection (README, "Prevention review"; docs/prevention.md): incidents that read like an incident, and
/// remediation ideas that recur across incidents. Registered by <see cref="PreventionSchemaFields.AddQueries"/>.
/// </summary>
public static class RepeatDetectionFields
{
    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SimilarIncidentType>>>>("similarIncidents")
            .Description("Other incidents, earlier and later, ranked by textual similarity to this one (title, summary, impact, timeline, " +
                         "actionables, tags; BM25, docs/prevention.md), best first: is this a repeat occurrence?")
            .Argument<NonNullGraphType<IdGraphType>>("incidentId")
            .Argument<IntGraphType>("first", a =>
            {
                a.DefaultValue = SimilarIncidents.DefaultFirst;
                a.Description = $"How many incidents (1–{SimilarIncidents.MaxFirst}).";
            })
            .Resolve().WithService<SimilarIncidents>()
            .ResolveAsync(async (c, similar) =>
            {
                var result = await similar.FindAsync(
                    new FindSimilarIncidents(QueryType.Id(c, "incidentId"), c.GetArgument("first", SimilarIncidents.DefaultFirst)),
                    c.Actor(), c.CancellationToken);
                return result.Succeeded ? result.Value : throw RequestError(result.Errors[0]);
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RecurringActionableClusterType>>>>("recurringActionables")
            .Description("Clusters of near-duplicate actionables across different incidents (titles' term sets with Jaccard similarity ≥ " +
                         $"{RecurringActionables.Threshold}, docs/prevention.md), most incidents first, then most open items.")
            .Argument<IntGraphType>("first", a =>
            {
                a.DefaultValue = RecurringActionables.DefaultFirst;
                a.Description = $"How many clusters (1–{RecurringActionables.MaxFirst}).";
            })
            .Argument<IntGraphType>("minIncidents", a =>
            {
                a.DefaultValue = RecurringActionables.DefaultMinIncidents;
                a.Description = $"Only clusters whose items come from at least this many distinct incidents (2–{RecurringActionables.MaxMinIncidents}).";
            })
            .Resolve().WithService<RecurringActionables>()
            .ResolveAsync(async (c, recurring) =>
            {
                var result = await recurring.FindAsync(
                    new FindRecurringActionables(c.GetArgument("first", RecurringActionables.DefaultFirst),
                        c.GetArgument("minIncidents", RecurringActionables.DefaultMinIncidents)),
                    c.Actor(), c.CancellationToken);
                return result.Succeeded ? result.Value : throw RequestError(result.Errors[0]);
            });
    }

    private static GraphQLRequestException RequestError(UseCaseError error) => new(error.Kind switch
    {
        ErrorKind.NotFound => ErrorCodes.NotFound,
        ErrorKind.Forbidden => ErrorCodes.Forbidden,
        _ => ErrorCodes.Validation,
    }, error.Message);
}

public sealed class SimilarIncidentType : ObjectGraphType<SimilarIncident>
{
    public SimilarIncidentType()
    {
        Name = "SimilarIncident";
        Description = "Another incident that reads like this one (docs/prevention.md, \"Similar incidents\").";
        Field<NonNullGraphType<IncidentType>>("incident").Resolve(c => c.Source.Incident);
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("BM25 similarity to the incident's text; comparable within one answer only.")
            .Resolve(c => c.Source.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("matchedTerms")
            .Description("The incident's words (and #tags) the other incident shares, strongest first.")
            .Resolve(c => c.Source.MatchedTerms);
    }
}

public sealed class RecurringActionableClusterType : ObjectGraphType<RecurringActionableCluster>
{
    public RecurringActionableClusterType()
    {
        Name = "RecurringActionableCluster";
        Description = "Near-duplicate actionables of different incidents: one remediation idea written down again and again.";
        Field<NonNullGraphType<StringGraphType>>("representativeTitle")
            .Description("The title the cluster grew from (its oldest wording).").Resolve(c => c.Source.RepresentativeTitle);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("terms")
            .Description("The representative title's terms, as compared (lower-cased, lightly stemmed).").Resolve(c => c.Source.Terms);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionItemType>>>>("items")
            .Description($"The items, newest first, at most {RecurringActionables.MaxItemsListed}; itemCount counts all.")
            .Resolve(c => c.Source.Items);
        Field<NonNullGraphType<IntGraphType>>("itemCount").Resolve(c => c.Source.ItemCount);
        Field<NonNullGraphType<IntGraphType>>("incidentCount").Description("How many distinct incidents the items come from.")
            .Resolve(c => c.Source.IncidentCount);
        Field<NonNullGraphType<IntGraphType>>("openCount").Description("How many of the items are still open (OPEN, IN_PROGRESS, STALLED).")
            .Resolve(c => c.Source.OpenCount);
    }
}
