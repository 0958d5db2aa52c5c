using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.Property(x => x.Slug).HasMaxLength(FieldLimits.IncidentSlug);
        builder.HasIndex(x => x.Slug).IsUnique();
        builder.Property(x => x.Title).HasMaxLength(FieldLimits.IncidentTitle);
        builder.Property(x => x.Source).HasMaxLength(FieldLimits.IncidentSource);
        builder.HasIndex(x => x.Source);
        builder.Property(x => x.ContentHash).HasMaxLength(64);
        builder.Property(x => x.DocumentVersion).HasMaxLength(FieldLimits.IncidentDocumentVersion);
        builder.Property(x => x.TaskRef).HasMaxLength(FieldLimits.IncidentTaskRef);
        builder.HasIndex(x => x.StartedAt);
        builder.HasIndex(x => x.IncidentDate);

        builder.HasOne(x => x.Document).WithOne().HasForeignKey<IncidentDocument>(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Timeline).WithOne().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Scorecard).WithOne().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.ActionItems).WithOne(x => x.Incident).HasForeignKey(x => x.IncidentId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
