using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Sync;

public sealed class ResolveConflictPayloadType : ObjectGraphType<ResolveConflictPayload>
{
    public ResolveConflictPayloadType()
    {
        Name = "ResolveConflictPayload";
        Field<SyncConflictType>("conflict").Resolve(c => c.Source.Conflict);
        Field<TrackerLinkType>("link").Resolve(c => c.Source.Link);
        Field<ActionItemType>("actionItem").Resolve(c => c.Source.ActionItem);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
