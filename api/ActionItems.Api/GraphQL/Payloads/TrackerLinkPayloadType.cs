using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class TrackerLinkPayloadType : ObjectGraphType<TrackerLinkPayload>
{
    public TrackerLinkPayloadType()
    {
        Name = "TrackerLinkPayload";
        Field<TrackerLinkType>("link").Description("The new link (null after unlinking).").Resolve(c => c.Source.Link);
        Field<ActionItemType>("actionItem").Resolve(c => c.Source.ActionItem);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
