using ActionItems.Application;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActionItems.IntegrationTests.Application;

/// <summary>
/// A use case commits, then signals the outbox drain when what it committed starts sync. Contexts are pooled: what
/// one use of a context left behind must not make the next one signal.
/// </summary>
public class UnitOfWorkTests
{
    private static readonly Change Alice = new("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Committing_an_item_change_enqueues_one_drain_and_committing_other_changes_enqueues_none()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = await ContextWithIncidentAsync(database);
        var (unitOfWork, jobs) = UnitOfWorkOver(context.Db);

        context.Db.ActionItems.Add(ActionItem.Create(context.Incident.Id, "committed", Alice));
        await unitOfWork.CommitAsync(CancellationToken.None);
        Assert.Equal(1, jobs.Created);

        context.Incident.Title = "renamed";
        await unitOfWork.CommitAsync(CancellationToken.None);
        Assert.Equal(1, jobs.Created);
    }

    [Fact]
    public async Task Work_saved_in_a_transaction_and_abandoned_is_not_signalled_by_the_next_commit()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = await ContextWithIncidentAsync(database);
        var (unitOfWork, jobs) = UnitOfWorkOver(context.Db);

        // Saved, then the transaction is disposed without commit (an exception in an import).
        await using (await context.Db.Database.BeginTransactionAsync())
        {
            context.Db.ActionItems.Add(ActionItem.Create(context.Incident.Id, "abandoned", Alice));
            await context.Db.SaveChangesAsync();
        }
        unitOfWork.Abandoned();

        var stored = await context.Db.Incidents.SingleAsync();
        stored.Title = "renamed";
        await unitOfWork.CommitAsync(CancellationToken.None);

        Assert.Equal(0, jobs.Created);
    }

    [Fact]
    public async Task A_failed_save_of_sync_work_is_not_signalled_by_the_next_commit()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = await ContextWithIncidentAsync(database);
        var (unitOfWork, jobs) = UnitOfWorkOver(context.Db);

        // An item of an incident that does not exist: the foreign key fails the save.
        context.Db.ActionItems.Add(ActionItem.Create(long.MaxValue, "orphan", Alice));
        await Assert.ThrowsAsync<DbUpdateException>(() => unitOfWork.CommitAsync(CancellationToken.None));
        context.Db.ChangeTracker.Clear();

        var stored = await context.Db.Incidents.SingleAsync();
        stored.Title = "renamed";
        await unitOfWork.CommitAsync(CancellationToken.None);

        Assert.Equal(0, jobs.Created);
    }

    [Fact]
    public async Task Sync_work_a_pooled_contexts_previous_user_saved_is_not_signalled_by_the_next_unit_of_work()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = await ContextWithIncidentAsync(database);
        // The previous user saved an item change outside any unit of work and returned the context to the pool.
        context.Db.ActionItems.Add(ActionItem.Create(context.Incident.Id, "earlier", Alice));
        await context.Db.SaveChangesAsync();

        var (unitOfWork, jobs) = UnitOfWorkOver(context.Db);
        context.Incident.Title = "renamed";
        await unitOfWork.CommitAsync(CancellationToken.None);

        Assert.Equal(0, jobs.Created);
    }

    private static (UnitOfWork UnitOfWork, ApplicationHarness.CountingJobClient Jobs) UnitOfWorkOver(ActionItemsDbContext db)
    {
        var jobs = new ApplicationHarness.CountingJobClient();
        return (new UnitOfWork(db, new HangfireOutboxDrainSignal(jobs, NullLogger<HangfireOutboxDrainSignal>.Instance)), jobs);
    }

    private static async Task<ContextWithIncident> ContextWithIncidentAsync(TestDatabase database)
    {
        var options = new DbContextOptionsBuilder<SqliteActionItemsDbContext>()
            .UseSqlite(database.Options.ConnectionString).UseSnakeCaseNamingConvention().Options;
        var db = new SqliteActionItemsDbContext(options);
        var incident = new Incident { Slug = "i", Title = "I", CreatedAt = DateTimeOffset.UtcNow };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        db.TakeSyncWorkSaved();
        return new ContextWithIncident(db, incident);
    }

    private sealed record ContextWithIncident(SqliteActionItemsDbContext Db, Incident Incident) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }
}
