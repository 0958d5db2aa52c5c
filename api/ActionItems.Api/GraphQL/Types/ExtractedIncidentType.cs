using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class ExtractedIncidentType : ObjectGraphType<ExtractedIncident>
{
    public ExtractedIncidentType()
    {
        Name = "ExtractedIncident";
        Field<StringGraphType>("title").Resolve(c => c.Source.Title);
        Field<StringGraphType>("slug").Resolve(c => c.Source.Slug);
        Field<DateOnlyGraphType>("date").Resolve(c => c.Source.IncidentDate);
        Field<DateTimeGraphType>("startedAt").Resolve(c => c.Source.StartedAt?.UtcDateTime);
        Field<DateTimeGraphType>("endedAt").Resolve(c => c.Source.EndedAt?.UtcDateTime);
        Field<DateTimeGraphType>("detectedAt").Resolve(c => c.Source.DetectedAt?.UtcDateTime);
        Field<StringGraphType>("taskRef").Resolve(c => c.Source.TaskRef);
        Field<IntGraphType>("peoplePaged").Resolve(c => c.Source.PeoplePaged);
        Field<IntGraphType>("responderCount").Resolve(c => c.Source.ResponderCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("coordinators").Resolve(c => c.Source.Coordinators);
        Field<StringGraphType>("impact").Resolve(c => c.Source.Impact);
        Field<StringGraphType>("summary").Resolve(c => c.Source.Summary);
        Field<NonNullGraphType<EnumerationGraphType<DocumentStatus>>>("documentStatus").Resolve(c => c.Source.DocumentStatus);
    }
}
