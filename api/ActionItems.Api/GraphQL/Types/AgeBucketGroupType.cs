using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class AgeBucketGroupType : ObjectGraphType<AgeBucketGroup>
{
    public AgeBucketGroupType()
    {
        Name = "AgeBucketGroup";
        Description = "One group's open items by age (only groups with open items are listed).";
        Field<StringGraphType>("key").Description("As StatsGroup.key; null for none.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("count").Description("The group's open items (the buckets' sum).").Resolve(c => c.Source.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgeBucketType>>>>("buckets")
            .Description("Every bucket, youngest first, empty ones included.")
            .Resolve(c => c.Source.Buckets);
    }
}
