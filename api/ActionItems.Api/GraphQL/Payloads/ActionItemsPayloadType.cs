using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class ActionItemsPayloadType : ObjectGraphType<ActionItemsPayload>
{
    public ActionItemsPayloadType()
    {
        Name = "ActionItemsPayload";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActionItemType>>>>("actionItems").Resolve(c => c.Source.ActionItems);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
