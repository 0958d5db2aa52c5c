using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class TimeToResolveType : ObjectGraphType<TimeToResolve>
{
    public TimeToResolveType()
    {
        Name = "TimeToResolve";
        Description = "Hours from creation to resolution over items now RESOLVED; null figures when there are none.";
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
        Field<FloatGraphType>("medianHours").Resolve(c => c.Source.MedianHours);
        Field<FloatGraphType>("p90Hours").Resolve(c => c.Source.P90Hours);
    }
}
