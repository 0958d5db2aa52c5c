using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class TimelineEntryType : ObjectGraphType<TimelineEntry>
{
    public TimelineEntryType()
    {
        Name = "TimelineEntry";
        Field<NonNullGraphType<IntGraphType>>("ordinal").Resolve(c => c.Source.Ordinal);
        Field<DateTimeGraphType>("at").Description("The resolved instant, when the document gives date and time.")
            .Resolve(c => c.Source.At?.UtcDateTime);
        Field<StringGraphType>("timeText").Description("The time exactly as written.").Resolve(c => c.Source.TimeText);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Text);
        Field<NonNullGraphType<EnumerationGraphType<TimelineMarker>>>("marker").Resolve(c => c.Source.Marker);
    }
}
