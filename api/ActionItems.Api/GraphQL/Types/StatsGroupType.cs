using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class StatsGroupType : ObjectGraphType<StatsGroup>
{
    public StatsGroupType()
    {
        Name = "StatsGroup";
        Field<StringGraphType>("key").Description("Status/priority name, owner id, team, tag or YYYY-MM; null for none.")
            .Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<IntGraphType>>("openCount").Resolve(c => c.Source.OpenCount);
    }
}
