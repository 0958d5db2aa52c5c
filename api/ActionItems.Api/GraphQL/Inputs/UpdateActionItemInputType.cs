using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>Fields left out stay as they are; a field given as null is cleared (owner, team, description, due date).</summary>
public sealed class UpdateActionItemInputType : InputObjectGraphType
{
    public UpdateActionItemInputType()
    {
        Name = "UpdateActionItemInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version the client last saw; a stale one is refused with CONFLICT.");
        Field<StringGraphType>("title");
        Field<StringGraphType>("description");
        Field<EnumerationGraphType<ActionItemStatus>>("status");
        Field<EnumerationGraphType<Priority>>("priority");
        Field<IdGraphType>("ownerId");
        Field<StringGraphType>("team");
        Field<DateOnlyGraphType>("dueDate");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags");
    }
}
