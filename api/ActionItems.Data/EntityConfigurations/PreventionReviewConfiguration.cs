using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class PreventionReviewConfiguration : IEntityTypeConfiguration<PreventionReview>
{
    public void Configure(EntityTypeBuilder<PreventionReview> builder)
    {
        builder.Property(x => x.Reviewer).HasMaxLength(200);
        builder.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ActionItem>().WithMany().HasForeignKey(x => x.CandidateActionItemId)
            .OnDelete(DeleteBehavior.Cascade);
        // One current verdict per candidate per incident; changing it updates the row.
        builder.HasIndex(x => new { x.IncidentId, x.CandidateActionItemId }).IsUnique();
    }
}
