using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class CreateActionItemInputType : InputObjectGraphType
{
    public CreateActionItemInputType()
    {
        Name = "CreateActionItemInput";
        Field<NonNullGraphType<IdGraphType>>("incidentId");
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<StringGraphType>("description");
        Field<EnumerationGraphType<ActionItemStatus>>("status");
        Field<EnumerationGraphType<Priority>>("priority");
        Field<IdGraphType>("ownerId");
        Field<StringGraphType>("team");
        Field<DateOnlyGraphType>("dueDate");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
    }
}
