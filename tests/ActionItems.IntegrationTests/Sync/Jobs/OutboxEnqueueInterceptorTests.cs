using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActionItems.IntegrationTests.Sync.Jobs;

/// <summary>Contexts are pooled: what one use of a context left behind must not make the next one enqueue a drain.</summary>
public class OutboxEnqueueInterceptorTests
{
    [Fact]
    public async Task A_transaction_abandoned_after_saving_sync_work_does_not_make_the_contexts_next_commit_enqueue_a_drain()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (db, jobs, incident) = await InterceptedContextAsync(database);
        await using var _ = db;
        int Enqueued() => jobs.Created;
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);

        // Sync work committed in a transaction enqueues one drain (the test can fail).
        await using (var committed = await db.Database.BeginTransactionAsync())
        {
            db.ActionItems.Add(ActionItem.Create(incident.Id, "committed", change));
            await db.SaveChangesAsync();
            await committed.CommitAsync();
        }
        Assert.Equal(1, Enqueued());

        // Saved, then the transaction is disposed without commit or rollback (an exception in an import).
        await using (var abandoned = await db.Database.BeginTransactionAsync())
        {
            db.ActionItems.Add(ActionItem.Create(incident.Id, "abandoned", change));
            await db.SaveChangesAsync();
        }
        db.ChangeTracker.Clear();

        // The context's next transaction writes no sync work.
        await using (var next = await db.Database.BeginTransactionAsync())
        {
            var stored = await db.Incidents.SingleAsync();
            stored.Title = "renamed";
            await db.SaveChangesAsync();
            await next.CommitAsync();
        }

        Assert.Equal(1, Enqueued());
    }

    [Fact]
    public async Task A_save_of_sync_work_that_fails_does_not_make_the_contexts_next_save_enqueue_a_drain()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (db, jobs, _) = await InterceptedContextAsync(database);
        await using var __ = db;

        // Sync work for an item of an incident that does not exist: the foreign key fails the save.
        db.ActionItems.Add(ActionItem.Create(long.MaxValue, "orphan", new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow)));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();

        // The context's next save writes no sync work.
        var stored = await db.Incidents.SingleAsync();
        stored.Title = "renamed";
        await db.SaveChangesAsync();

        Assert.Equal(0, jobs.Created);
    }

    private static async Task<(SqliteActionItemsDbContext Db, CountingJobClient Jobs, Incident Incident)> InterceptedContextAsync(
        TestDatabase database)
    {
        var jobs = new CountingJobClient();
        var interceptor = new OutboxEnqueueInterceptor(jobs, NullLogger<OutboxEnqueueInterceptor>.Instance);
        var options = new DbContextOptionsBuilder<SqliteActionItemsDbContext>()
            .UseSqlite(database.Options.ConnectionString).UseSnakeCaseNamingConvention().AddInterceptors(interceptor).Options;
        var db = new SqliteActionItemsDbContext(options);
        var incident = new Incident { Slug = "i", Title = "I", CreatedAt = DateTimeOffset.UtcNow };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return (db, jobs, incident);
    }

    /// <summary>
    /// Hangfire's client contract, counting what is enqueued. (A real in-memory storage here would log through
    /// Hangfire's process-wide log provider, which a host stopped by another test may have disposed.)
    /// </summary>
    private sealed class CountingJobClient : IBackgroundJobClient
    {
        public int Created { get; private set; }

        public string Create(Job job, IState state) => (++Created).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
