using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Jobs;

public class PurgeProcessedOutboxJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deletes_rows_processed_before_the_retention_and_never_a_row_still_waiting(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            var incident = new Incident { Slug = "i", Title = "I", CreatedAt = Now };
            db.Incidents.Add(incident);
            var item = ActionItem.Create(0, "item", new Change("alice", ChangeOrigin.Local, Now.AddDays(-30)));
            item.Incident = incident;
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
            await db.OutboxMessages.ExecuteDeleteAsync(); // the save's own row; the test writes its own below
            OutboxMessage Row(string kind, DateTimeOffset created, DateTimeOffset? processed, int attempts = 0) => new()
            {
                Kind = kind, ActionItemId = item.Id, CreatedAt = created, ProcessedAt = processed, Attempts = attempts,
                NextAttemptAt = attempts > 0 ? Now.AddMinutes(5) : null,
            };
            db.OutboxMessages.AddRange(
                Row("processed-8-days-ago", Now.AddDays(-9), Now.AddDays(-8)),
                Row("processed-9-days-ago", Now.AddDays(-10), Now.AddDays(-9)),
                Row("processed-at-the-cutoff", Now.AddDays(-8), Now.AddDays(-7)),
                Row("processed-6-days-ago", Now.AddDays(-9), Now.AddDays(-6)),
                Row("waiting-for-30-days", Now.AddDays(-30), null),
                Row("failing-and-retried", Now.AddDays(-20), null, attempts: 9));
            await db.SaveChangesAsync();
        }

        int deleted;
        await using (var db = database.CreateContext())
        {
            // Batches of one: the purge goes on until a batch comes back short.
            deleted = await new PurgeProcessedOutboxJob(db, new FakeTimeProvider(Now), new OutboxRetention(TimeSpan.FromDays(7))) { BatchSize = 1 }
                .RunAsync(CancellationToken.None);
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(2, deleted);
            Assert.Equal(["failing-and-retried", "processed-6-days-ago", "processed-at-the-cutoff", "waiting-for-30-days"],
                (await db.OutboxMessages.Select(m => m.Kind).ToListAsync()).Order());
        }
    }
}
