using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class ActionItemConfiguration : IEntityTypeConfiguration<ActionItem>
{
    public void Configure(EntityTypeBuilder<ActionItem> builder)
    {
        builder.Property(x => x.Title).HasMaxLength(FieldLimits.ItemTitle);
        builder.Property(x => x.Team).HasMaxLength(FieldLimits.ItemTeam);
        builder.Property(x => x.SourceSection).HasMaxLength(FieldLimits.ItemSourceSection);
        builder.Property(x => x.Version).IsConcurrencyToken();

        builder.HasOne(x => x.Owner).WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ActionItem>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(x => x.History).WithOne().HasForeignKey(x => x.ActionItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Links).WithOne(x => x.ActionItem).HasForeignKey(x => x.ActionItemId)
            .OnDelete(DeleteBehavior.Cascade);

        // Triage: open, unassigned, oldest first.
        builder.HasIndex(x => new { x.Status, x.OwnerId, x.CreatedAt });
        builder.HasIndex(x => new { x.IncidentId, x.Ordinal });
        builder.HasIndex(x => x.OwnerId);
        builder.HasIndex(x => x.CreatedAt);
        builder.HasIndex(x => x.UpdatedAt);
    }
}
