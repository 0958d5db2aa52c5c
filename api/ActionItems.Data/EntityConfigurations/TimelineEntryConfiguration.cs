using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.Property(x => x.TimeText).HasMaxLength(FieldLimits.TimelineTimeText);
        builder.HasIndex(x => new { x.IncidentId, x.Ordinal }).IsUnique();
    }
}
