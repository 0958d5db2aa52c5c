using ActionItems.Application.Items;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class CreateActionItemInputType : InputObjectGraphType<CreateActionItem>
{
    public CreateActionItemInputType()
    {
        Name = "CreateActionItemInput";
        Field<NonNullGraphType<IdGraphType>>("incidentId");
        ActionItemInputFields.AddTo(this, titleRequired: true);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new CreateActionItem(InputValues.RequiredId(value, "incidentId"), ActionItemInputFields.Read(value));
}
