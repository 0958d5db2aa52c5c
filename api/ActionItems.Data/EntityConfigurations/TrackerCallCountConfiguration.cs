using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class TrackerCallCountConfiguration : IEntityTypeConfiguration<TrackerCallCount>
{
    public void Configure(EntityTypeBuilder<TrackerCallCount> builder)
    {
        builder.ToTable(TrackerCallCountSql.Table);
        // The upsert's conflict target: one row per target and minute, whichever process adds to it.
        builder.HasKey(x => new { x.TargetName, x.BucketStart });
        builder.Property(x => x.TargetName).HasMaxLength(100);
    }
}
