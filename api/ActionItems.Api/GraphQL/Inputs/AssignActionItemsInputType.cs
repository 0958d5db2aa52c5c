using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>Bulk triage: what is given is applied to every item; ownerId null unassigns.</summary>
public sealed class AssignActionItemsInputType : InputObjectGraphType
{
    public AssignActionItemsInputType()
    {
        Name = "AssignActionItemsInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids");
        Field<IdGraphType>("ownerId");
        Field<StringGraphType>("team");
        Field<EnumerationGraphType<Priority>>("priority");
    }
}
