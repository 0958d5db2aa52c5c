using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Jobs;

public class PurgeTrackerCallCountsJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deletes_the_minutes_older_than_two_days_and_keeps_the_rest(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            TrackerCallCount Minute(string target, DateTimeOffset start) => new() { TargetName = target, BucketStart = start, Calls = 7 };
            db.TrackerCallCounts.AddRange(
                Minute("phorge", Now.AddDays(-3)),
                Minute("other", Now.AddDays(-2).AddMinutes(-1)),
                Minute("phorge", Now.AddDays(-2)),
                Minute("phorge", Now.AddHours(-1)),
                Minute("other", Now));
            await db.SaveChangesAsync();
        }

        int deleted;
        await using (var db = database.CreateContext())
        {
            deleted = await new PurgeTrackerCallCountsJob(db, new FakeTimeProvider(Now)).RunAsync(CancellationToken.None);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(2, deleted);
            Assert.Equal([Now.AddDays(-2), Now.AddHours(-1), Now],
                (await db.TrackerCallCounts.Select(c => c.BucketStart).ToListAsync()).Order());
        }
    }
}
