using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Sync;

/// <summary>How many of a target's links are in one state.</summary>
public sealed record LinkStateCount(TrackerLinkState State, int Count);

public sealed class LinkStateCountType : ObjectGraphType<LinkStateCount>
{
    public LinkStateCountType()
    {
        Name = "LinkStateCount";
        Field<NonNullGraphType<EnumerationGraphType<TrackerLinkState>>>("state").Resolve(c => c.Source.State);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
    }
}
