using ActionItems.Data;
using ActionItems.Sync.Jobs;

namespace ActionItems.Application;

/// <summary>
/// One use case, one commit: saves the request's changes in one transaction and then signals the outbox drain when
/// they included sync work, the way a service saves and then publishes its integration events.
/// </summary>
public sealed class UnitOfWork
{
    private readonly ActionItemsDbContext _db;
    private readonly IOutboxDrainSignal _drain;

    public UnitOfWork(ActionItemsDbContext db, IOutboxDrainSignal drain)
    {
        _db = db;
        _drain = drain;
        // Contexts are pooled: a flag left by the context's previous user (say, a failed import) is not this scope's work.
        db.TakeSyncWorkSaved();
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await _db.SaveChangesAsync(cancellationToken);
        Committed();
    }

    /// <summary>For a use case that committed its own transaction (an import): signals if what it saved starts sync.</summary>
    public void Committed()
    {
        if (_db.TakeSyncWorkSaved())
        {
            _drain.SyncWorkCommitted();
        }
    }

    /// <summary>A rolled-back or failed use case: what it saved is gone, so there is nothing to signal.</summary>
    public void Abandoned()
    {
        _db.TakeSyncWorkSaved();
        _db.ChangeTracker.Clear();
    }
}
