using ActionItems.Application.Items;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>Fields left out stay as they are; a field given as null is cleared (owner, team, description, due date).</summary>
public sealed class UpdateActionItemInputType : InputObjectGraphType<UpdateActionItem>
{
    public UpdateActionItemInputType()
    {
        Name = "UpdateActionItemInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<IntGraphType>>("version").Description("The version the client last saw; a stale one is refused with CONFLICT.");
        ActionItemInputFields.AddTo(this, titleRequired: false);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new UpdateActionItem(InputValues.RequiredId(value, "id"), InputValues.Value<int>(value, "version"), ActionItemInputFields.Read(value));
}
