using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class ActionItemHistoryConfiguration : IEntityTypeConfiguration<ActionItemHistory>
{
    public void Configure(EntityTypeBuilder<ActionItemHistory> builder)
    {
        builder.ToTable("action_item_history");
        builder.Property(x => x.Field).HasMaxLength(50);
        builder.Property(x => x.Actor).HasMaxLength(200);
        // `openAt`: the last status row of an item at or before an instant.
        builder.HasIndex(x => new { x.ActionItemId, x.Field, x.At });
        builder.HasIndex(x => new { x.Field, x.At });
    }
}
