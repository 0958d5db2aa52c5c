using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class PreventionReviewConfiguration : IEntityTypeConfiguration<PreventionReview>
{
    public void Configure(EntityTypeBuilder<PreventionReview> builder)
    {
        builder.Property(x => x.Reviewer).HasMaxLength(200);
        builder.Property(x => x.Note).HasMaxLength(FieldLimits.PreventionNote);
        builder.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ActionItem>().WithMany().HasForeignKey(x => x.CandidateActionItemId)
            .OnDelete(DeleteBehavior.Cascade);
        // One current verdict per candidate per incident; a re-decision supersedes the row and adds a new one, so the
        // superseded rows are the verdict's history. The filter is plain SQL both providers accept (snake_case names).
        builder.HasIndex(x => new { x.IncidentId, x.CandidateActionItemId }).IsUnique().HasFilter("superseded_at IS NULL");
    }
}
