using ActionItems.Api.GraphQL.Queries;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class IncidentFilterInputType : InputObjectGraphType<IncidentFilter>
{
    public IncidentFilterInputType()
    {
        Name = "IncidentFilter";
        Field<StringGraphType>("search").Description("Case-insensitive text in slug, title or summary.");
        Field<DateOnlyGraphType>("dateFrom").Description("Incident date on or after.");
        Field<DateOnlyGraphType>("dateTo").Description("Incident date on or before.");
        Field<BooleanGraphType>("hasOpenItems");
    }
}
