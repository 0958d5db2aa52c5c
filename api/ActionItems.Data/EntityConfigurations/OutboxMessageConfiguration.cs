using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox");
        builder.Property(x => x.Kind).HasMaxLength(50);
        builder.HasOne(x => x.ActionItem).WithMany().HasForeignKey(x => x.ActionItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(x => x.TrackerLink).WithMany().HasForeignKey(x => x.TrackerLinkId).OnDelete(DeleteBehavior.Cascade);
        // The drain reads pending rows in order; processed rows are history.
        builder.HasIndex(x => new { x.ProcessedAt, x.NextAttemptAt, x.Id });
    }
}
