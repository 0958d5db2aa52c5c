using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class TimeToResolveGroupType : ObjectGraphType<TimeToResolveGroup>
{
    public TimeToResolveGroupType()
    {
        Name = "TimeToResolveGroup";
        Description = "timeToResolve's figures over one group's items (only groups with resolved items are listed).";
        Field<StringGraphType>("key").Description("As StatsGroup.key; null for none.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
        Field<FloatGraphType>("medianHours").Resolve(c => c.Source.MedianHours);
        Field<FloatGraphType>("p90Hours").Resolve(c => c.Source.P90Hours);
    }
}
