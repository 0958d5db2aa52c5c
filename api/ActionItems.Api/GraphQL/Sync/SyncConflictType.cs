using ActionItems.Api.GraphQL.Types;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Sync;

public sealed class SyncConflictType : ObjectGraphType<SyncConflict>
{
    public SyncConflictType()
    {
        Name = "SyncConflict";
        Description = "Both sides changed one field differently. The policy applied the winner to both; the loser is kept here until someone decides (resolveConflict) or a later change supersedes it.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<TrackerLinkType>>("link")
            .Resolve().WithService<SyncLoaders>().Resolve((c, syncLoaders) => syncLoaders.Links.Load(c.Source.TrackerLinkId));
        Field<NonNullGraphType<StringGraphType>>("field").Description("title, status, owner, priority, description or tags.")
            .Resolve(c => c.Source.Field);
        Field<StringGraphType>("localValue").Description("Enum name, owner's tracker account, or comma-separated tags.")
            .Resolve(c => c.Source.LocalValue);
        Field<StringGraphType>("remoteValue").Resolve(c => c.Source.RemoteValue);
        Field<NonNullGraphType<DateTimeGraphType>>("localChangedAt").Resolve(c => c.Source.LocalChangedAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("remoteChangedAt").Resolve(c => c.Source.RemoteChangedAt.UtcDateTime);
        Field<NonNullGraphType<ConflictSideGraphType>>("winner").Description("The side whose value the policy applied.")
            .Resolve(c => c.Source.Winner);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<DateTimeGraphType>("resolvedAt").Resolve(c => c.Source.ResolvedAt?.UtcDateTime);
        Field<EnumerationGraphType<ConflictResolution>>("resolution").Resolve(c => c.Source.Resolution);
        Field<StringGraphType>("resolvedBy").Resolve(c => c.Source.ResolvedBy);
    }
}

public sealed class ConflictSideGraphType : EnumerationGraphType<ConflictSide>
{
    public ConflictSideGraphType()
    {
        Name = "ConflictSide";
    }
}
