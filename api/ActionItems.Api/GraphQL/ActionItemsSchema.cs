using GraphQL.Types;

namespace ActionItems.Api.GraphQL;

public sealed class ActionItemsSchema : Schema
{
    public ActionItemsSchema(IServiceProvider services, QueryType query) : base(services)
    {
        Query = query;
    }
}
