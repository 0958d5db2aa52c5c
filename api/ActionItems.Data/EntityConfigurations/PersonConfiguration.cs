using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.Property(x => x.DisplayName).HasMaxLength(FieldLimits.PersonDisplayName);
        builder.Property(x => x.PhabricatorUsername).HasMaxLength(FieldLimits.PhabricatorUsername);
        builder.Property(x => x.PhabricatorPhid).HasMaxLength(FieldLimits.PhabricatorPhid);
        builder.Property(x => x.GitHubLogin).HasMaxLength(FieldLimits.GitHubLogin);
        builder.Property(x => x.Email).HasMaxLength(FieldLimits.Email);

        // One person per tracker account (NULLs do not collide on either provider).
        builder.HasIndex(x => x.PhabricatorUsername).IsUnique();
        builder.HasIndex(x => x.PhabricatorPhid).IsUnique();
        builder.HasIndex(x => x.GitHubLogin).IsUnique();
        builder.HasIndex(x => x.Email);
    }
}
