using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class GitHubCachedResponseConfiguration : IEntityTypeConfiguration<GitHubCachedResponse>
{
    public void Configure(EntityTypeBuilder<GitHubCachedResponse> builder)
    {
        builder.ToTable("github_response_cache");
        builder.HasKey(x => new { x.TargetName, x.RequestKey });
        builder.Property(x => x.TargetName).HasMaxLength(100);
        builder.Property(x => x.RequestKey).HasMaxLength(64);
        builder.Property(x => x.ETag).HasMaxLength(500);
        builder.Property(x => x.ContentType).HasMaxLength(200);
        // Pruning keeps each target's newest rows.
        builder.HasIndex(x => new { x.TargetName, x.StoredAt });
    }
}
