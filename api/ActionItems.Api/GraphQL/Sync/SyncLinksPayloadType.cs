using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Sync;

public sealed class SyncLinksPayloadType : ObjectGraphType<SyncLinksPayload>
{
    public SyncLinksPayloadType()
    {
        Name = "SyncLinksPayload";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrackerLinkType>>>>("links")
            .Description("The links the request created or queued.").Resolve(c => c.Source.Links);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
