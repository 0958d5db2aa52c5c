using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Types;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class ImportPostmortemPayloadType : ObjectGraphType<ImportPostmortemPayload>
{
    public ImportPostmortemPayloadType()
    {
        Name = "ImportPostmortemPayload";
        Field<IncidentType>("incident").Description("The stored incident (null for a dry run of a new one).")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => c.Source.Report?.IncidentId is { } id
                ? loaders.Incidents.Load(id)
                : null);
        Field<StringGraphType>("slug").Resolve(c => c.Source.Report?.Slug);
        Field<EnumerationGraphType<DocumentFormat>>("format").Resolve(c => c.Source.Report?.Format);
        Field<NonNullGraphType<BooleanGraphType>>("incidentCreated").Resolve(c => c.Source.Report?.IncidentCreated == true);
        Field<NonNullGraphType<BooleanGraphType>>("documentUnchanged").Resolve(c => c.Source.Report?.DocumentUnchanged == true);
        Field<NonNullGraphType<BooleanGraphType>>("dryRun").Resolve(c => c.Source.Report?.DryRun == true);
        Field<NonNullGraphType<IntGraphType>>("added").Resolve(c => c.Source.Report?.Added ?? 0);
        Field<NonNullGraphType<IntGraphType>>("updated").Resolve(c => c.Source.Report?.Updated ?? 0);
        Field<NonNullGraphType<IntGraphType>>("unchanged").Resolve(c => c.Source.Report?.Unchanged ?? 0);
        Field<NonNullGraphType<IntGraphType>>("vanished").Resolve(c => c.Source.Report?.Vanished ?? 0);
        Field<NonNullGraphType<IntGraphType>>("linksCreated").Resolve(c => c.Source.Report?.LinksCreated ?? 0);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("warnings").Resolve(c => c.Source.Report?.Warnings ?? []);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
