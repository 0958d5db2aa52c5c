using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class ActionItemPayloadType : ObjectGraphType<ActionItemPayload>
{
    public ActionItemPayloadType()
    {
        Name = "ActionItemPayload";
        Field<ActionItemType>("actionItem").Description("The item after the change; on CONFLICT, its current state.")
            .Resolve(c => c.Source.ActionItem);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
