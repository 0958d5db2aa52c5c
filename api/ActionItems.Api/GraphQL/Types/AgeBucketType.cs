using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class AgeBucketType : ObjectGraphType<AgeBucket>
{
    public AgeBucketType()
    {
        Name = "AgeBucket";
        Description = "Open items whose age (since creation) is in [minDays, maxDays).";
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<IntGraphType>>("minDays").Resolve(c => c.Source.MinDays);
        Field<IntGraphType>("maxDays").Resolve(c => c.Source.MaxDays);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
    }
}
