using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class StatsGroupType : ObjectGraphType<StatsGroup>
{
    public StatsGroupType()
    {
        Name = "StatsGroup";
        Field<StringGraphType>("key").Description("Status/priority name, owner id, team, tag, incident id, YYYY-MM or YYYY-Qn; null for none.")
            .Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<IntGraphType>>("openCount").Resolve(c => c.Source.OpenCount);
        Field<ListGraphType<NonNullGraphType<StatsGroupType>>>("groups")
            .Description("With thenBy: this group's items grouped by the second dimension; null without it.")
            .Resolve(c => c.Source.Groups);
    }
}
