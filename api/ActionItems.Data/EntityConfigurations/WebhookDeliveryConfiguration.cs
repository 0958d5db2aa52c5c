using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ActionItems.Data.EntityConfigurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable(WebhookDeliverySql.Table);
        // The claim's conflict target: one row per target and key, whichever process claims it first.
        builder.HasKey(x => new { x.SyncTargetId, x.DeliveryKey });
        builder.Property(x => x.DeliveryKey).HasMaxLength(300);
        builder.Property(x => x.ObjectPhid).HasMaxLength(200);
        builder.HasIndex(x => x.ReceivedAt);
    }
}
