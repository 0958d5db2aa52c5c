using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

/// <summary>A configured tracker. Deliberately has no field for credentials or where they are kept.</summary>
public sealed class SyncTargetType : ObjectGraphType<SyncTarget>
{
    public SyncTargetType()
    {
        Name = "SyncTarget";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<TrackerKindGraphType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("baseUrl").Resolve(c => c.Source.BaseUrl);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("defaultTags").Resolve(c => c.Source.DefaultTags);
        Field<StringGraphType>("defaultRepository").Resolve(c => c.Source.DefaultRepository);
        Field<NonNullGraphType<StringGraphType>>("pushPolicy").Resolve(c => c.Source.PushPolicy);
        Field<NonNullGraphType<IntGraphType>>("pollIntervalSeconds").Resolve(c => (int)c.Source.PollInterval.TotalSeconds);
        Field<DateTimeGraphType>("lastPollAt").Resolve(c => c.Source.LastPollAt?.UtcDateTime);
        Field<DateTimeGraphType>("lastSuccessfulPollAt").Resolve(c => c.Source.LastSuccessfulPollAt?.UtcDateTime);
        Field<StringGraphType>("lastError").Resolve(c => c.Source.LastError);
        Field<DateTimeGraphType>("rateLimitedUntil").Resolve(c => c.Source.RateLimitedUntil?.UtcDateTime);
        Sync.SyncSchemaFields.AddHealthToSyncTarget(this);
    }
}
