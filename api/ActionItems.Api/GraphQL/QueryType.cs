using GraphQL.Types;

namespace ActionItems.Api.GraphQL;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<StringGraphType>>("version")
            .Description("Version of the ActionItems server answering this request.")
            .Resolve(_ => AppInfo.Version);
    }
}
