using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class PolicyDigestDeliveryConfiguration : IEntityTypeConfiguration<PolicyDigestDelivery>
{
    public void Configure(EntityTypeBuilder<PolicyDigestDelivery> builder)
    {
        builder.ToTable("policy_digest_deliveries");
        // The day is the key: a second insert for the same day fails, which is what keeps a digest from going out twice.
        builder.HasKey(x => x.Day);
        builder.Property(x => x.Day).ValueGeneratedNever();
    }
}
