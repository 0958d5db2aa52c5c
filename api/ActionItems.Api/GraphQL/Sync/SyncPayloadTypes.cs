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

public sealed class ConflictKeepGraphType : EnumerationGraphType<ConflictKeep>
{
    public ConflictKeepGraphType()
    {
        Name = "ConflictKeep";
        Description = "Which value of a conflict to keep on both sides.";
    }
}
