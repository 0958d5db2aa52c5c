using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.Property(x => x.DisplayName).HasMaxLength(200);
        builder.Property(x => x.PhabricatorUsername).HasMaxLength(200);
        builder.Property(x => x.PhabricatorPhid).HasMaxLength(100);
        builder.Property(x => x.GitHubLogin).HasMaxLength(100);
        builder.Property(x => x.Email).HasMaxLength(320);

        // One person per tracker account (NULLs do not collide on either provider).
        builder.HasIndex(x => x.PhabricatorUsername).IsUnique();
        builder.HasIndex(x => x.PhabricatorPhid).IsUnique();
        builder.HasIndex(x => x.GitHubLogin).IsUnique();
        builder.HasIndex(x => x.Email);
    }
}
