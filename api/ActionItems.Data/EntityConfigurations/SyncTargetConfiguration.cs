using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class SyncTargetConfiguration : IEntityTypeConfiguration<SyncTarget>
{
    public void Configure(EntityTypeBuilder<SyncTarget> builder)
    {
        builder.Property(x => x.Name).HasMaxLength(100);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.Property(x => x.BaseUrl).HasMaxLength(2000);
        builder.Property(x => x.CredentialKey).HasMaxLength(200);
        builder.Property(x => x.DefaultRepository).HasMaxLength(300);
        builder.Property(x => x.PushPolicy).HasMaxLength(200);
        builder.Property(x => x.PollCursor).HasMaxLength(500);
    }
}
