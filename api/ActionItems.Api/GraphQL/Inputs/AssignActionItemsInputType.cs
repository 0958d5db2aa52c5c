using ActionItems.Application.Items;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>Bulk triage: what is given is applied to every item; ownerId null unassigns.</summary>
public sealed class AssignActionItemsInputType : InputObjectGraphType<AssignActionItems>
{
    public AssignActionItemsInputType()
    {
        Name = "AssignActionItemsInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids");
        Field<IdGraphType>("ownerId");
        Field<StringGraphType>("team");
        Field<EnumerationGraphType<Priority>>("priority");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new AssignActionItems(InputValues.Ids(value, "ids"))
    {
        OwnerId = InputValues.OptionalId(value, "ownerId"),
        Team = InputValues.Optional<string?>(value, "team"),
        Priority = InputValues.Optional<Priority?>(value, "priority"),
    };
}
