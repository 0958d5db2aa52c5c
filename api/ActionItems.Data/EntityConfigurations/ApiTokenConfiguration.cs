using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(x => x.Name).HasMaxLength(100);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.Property(x => x.Role).HasMaxLength(20);
        builder.Property(x => x.SecretHash).HasMaxLength(64);
        builder.HasIndex(x => x.SecretHash).IsUnique();
        builder.Property(x => x.Prefix).HasMaxLength(16);
        builder.Property(x => x.CreatedBy).HasMaxLength(200);
    }
}
