using ActionItems.Api.GraphQL.Loading;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class TrackerLinkType : ObjectGraphType<TrackerLink>
{
    public TrackerLinkType()
    {
        Name = "TrackerLink";
        Description = "The tie between an action item and one Phabricator task or GitHub issue.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<ActionItemType>>("actionItem")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.ActionItems.Load(c.Source.ActionItemId));
        Field<NonNullGraphType<SyncTargetType>>("syncTarget")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.SyncTargets.Load(c.Source.SyncTargetId));
        Field<StringGraphType>("remoteId").Description("T123456 or owner/repo#12; null while the remote object is being created.")
            .Resolve(c => c.Source.RemoteId);
        Field<StringGraphType>("remoteUrl").Resolve(c => c.Source.RemoteUrl);
        Field<NonNullGraphType<EnumerationGraphType<TrackerLinkState>>>("state").Resolve(c => c.Source.State);
        Field<StringGraphType>("lastError").Description("Why the link is DIVERGED, ERROR or BROKEN (a CONFLICT link may also name fields that cannot agree).")
            .Resolve(c => c.Source.LastError);
        Field<DateTimeGraphType>("lastSyncedAt").Resolve(c => c.Source.LastSyncedAt?.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Sync.SyncSchemaFields.AddToTrackerLink(this);
    }
}
