using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

/// <summary>
/// The raw document lives in the incidents row (column <c>raw_document</c>) but is an entity of its own, so
/// loading an incident (a page, a data loader, a triage join) does not read postmortems of many kilobytes.
/// </summary>
internal sealed class IncidentDocumentConfiguration : IEntityTypeConfiguration<IncidentDocument>
{
    public void Configure(EntityTypeBuilder<IncidentDocument> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(x => x.IncidentId);
        builder.Property(x => x.IncidentId).HasColumnName("id");
        builder.Property(x => x.Text).HasColumnName("raw_document");
    }
}
