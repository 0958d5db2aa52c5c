using GraphQL.Types;

namespace ActionItems.Api.GraphQL;

public sealed class ActionItemsSchema : Schema
{
    public ActionItemsSchema(IServiceProvider services, QueryType query, MutationType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}
