using System.Text.Json;
using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class TrackerLinkConfiguration : IEntityTypeConfiguration<TrackerLink>
{
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<TrackerLink> builder)
    {
        builder.Property(x => x.RemoteId).HasMaxLength(FieldLimits.TrackerRemoteId);
        builder.Property(x => x.RemoteInternalId).HasMaxLength(300);
        builder.Property(x => x.RemoteUrl).HasMaxLength(FieldLimits.TrackerRemoteUrl);
        builder.Property(x => x.RemoteVersion).HasMaxLength(200);
        builder.Property(x => x.BaseSnapshot)
            .HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, SnapshotJson),
                v => v == null ? null : JsonSerializer.Deserialize<LinkSnapshot>(v, SnapshotJson),
                new ValueComparer<LinkSnapshot?>((a, b) => Equals(a, b), v => v == null ? 0 : v.GetHashCode(), v => v));

        builder.HasOne(x => x.SyncTarget).WithMany().HasForeignKey(x => x.SyncTargetId).OnDelete(DeleteBehavior.Restrict);

        // No duplicates, ever: one link per item per target, one item per remote object per target.
        builder.HasIndex(x => new { x.ActionItemId, x.SyncTargetId }).IsUnique();
        builder.HasIndex(x => new { x.SyncTargetId, x.RemoteId }).IsUnique();
        builder.HasIndex(x => x.SyncKey).IsUnique();
        builder.HasIndex(x => x.State);
        builder.HasIndex(x => new { x.SyncTargetId, x.HistoryBackfillDueAt });
    }
}
