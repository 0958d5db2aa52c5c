using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>The webhook claims (<see cref="WebhookDeliverySql"/>) on both providers: one winner, stale claims taken over, purged.</summary>
public class WebhookDeliveryClaimTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private static Task<bool> ClaimAsync(ActionItemsDbContext db, string key, DateTimeOffset at) =>
        WebhookDeliverySql.TryClaimAsync(db, 1, key, "PHID-TASK-1", at, at - WebhookDelivery.Window, CancellationToken.None);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_key_is_claimed_once_within_the_window_and_again_after_it_or_after_its_release(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();

        Assert.True(await ClaimAsync(db, "delivery:a", Now));
        Assert.False(await ClaimAsync(db, "delivery:a", Now.AddMinutes(4)));
        Assert.True(await ClaimAsync(db, "delivery:b", Now.AddMinutes(4)));
        Assert.True(await WebhookDeliverySql.TryClaimAsync(db, 2, "delivery:a", "PHID-TASK-1", Now, Now - WebhookDelivery.Window, CancellationToken.None));
        Assert.True(await ClaimAsync(db, "delivery:a", Now.AddMinutes(6)));
        Assert.False(await ClaimAsync(db, "delivery:a", Now.AddMinutes(7)));

        Assert.Equal(1, await WebhookDeliverySql.ReleaseAsync(db, 1, "delivery:a", CancellationToken.None));
        Assert.True(await ClaimAsync(db, "delivery:a", Now.AddMinutes(7)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Many_claims_of_one_key_at_once_have_exactly_one_winner(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var wins = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var db = database.CreateContext();
            return await ClaimAsync(db, "pull:PHID-TASK-1", Now);
        }));

        Assert.Equal(1, wins.Count(w => w));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_hourly_purge_deletes_claims_older_than_the_window(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            Assert.True(await ClaimAsync(db, "delivery:old", Now - WebhookDelivery.Window - TimeSpan.FromSeconds(1)));
            Assert.True(await ClaimAsync(db, "delivery:recent", Now - TimeSpan.FromMinutes(1)));
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await new PurgeTrackerCallCountsJob(db, new FakeTimeProvider(Now)).RunAsync(CancellationToken.None));
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(["delivery:recent"], await db.WebhookDeliveries.Select(d => d.DeliveryKey).ToListAsync());
        }
    }
}
