using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class SyncConflictConfiguration : IEntityTypeConfiguration<SyncConflict>
{
    public void Configure(EntityTypeBuilder<SyncConflict> builder)
    {
        builder.Property(x => x.Field).HasMaxLength(50);
        builder.Property(x => x.ResolvedBy).HasMaxLength(200);
        builder.Ignore(x => x.IsOpen);
        builder.HasOne(x => x.TrackerLink).WithMany().HasForeignKey(x => x.TrackerLinkId).OnDelete(DeleteBehavior.Cascade);
        // Open conflicts of a link (merge, link state) and the open-conflicts list.
        builder.HasIndex(x => new { x.TrackerLinkId, x.ResolvedAt });
        builder.HasIndex(x => new { x.ResolvedAt, x.Id });
    }
}
