using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class ScorecardAnswerConfiguration : IEntityTypeConfiguration<ScorecardAnswer>
{
    public void Configure(EntityTypeBuilder<ScorecardAnswer> builder)
    {
        builder.Property(x => x.Question).HasMaxLength(FieldLimits.ScorecardQuestion);
        builder.HasIndex(x => new { x.IncidentId, x.Ordinal }).IsUnique();
    }
}
