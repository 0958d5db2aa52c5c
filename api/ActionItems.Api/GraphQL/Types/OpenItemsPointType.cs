using ActionItems.Application.Stats;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class OpenItemsPointType : ObjectGraphType<OpenItemsPoint>
{
    public OpenItemsPointType()
    {
        Name = "OpenItemsPoint";
        Description = "One bucket [start, end): items opened and closed in it, and open at its end (so open = previous open + opened - closed).";
        Field<NonNullGraphType<DateTimeGraphType>>("start").Resolve(c => c.Source.Start);
        Field<NonNullGraphType<DateTimeGraphType>>("end").Resolve(c => c.Source.End);
        Field<NonNullGraphType<IntGraphType>>("open").Resolve(c => c.Source.Open);
        Field<NonNullGraphType<IntGraphType>>("opened").Resolve(c => c.Source.Opened);
        Field<NonNullGraphType<IntGraphType>>("closed").Resolve(c => c.Source.Closed);
    }
}
