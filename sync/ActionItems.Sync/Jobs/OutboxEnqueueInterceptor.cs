using System.Data.Common;
using System.Runtime.CompilerServices;
using ActionItems.Core.Domain;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Enqueues the outbox drain right after a save that wrote sync work has committed, so changes reach the
/// tracker within seconds instead of at the next sweep. Inside an explicit transaction it waits for the
/// commit (a job started earlier would not see the rows). Enqueue failures only delay: the sweep drains anyway.
/// </summary>
public sealed partial class OutboxEnqueueInterceptor(IBackgroundJobClient jobs, ILogger<OutboxEnqueueInterceptor> logger)
    : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _waitingForCommit = [];
    private readonly ConditionalWeakTable<DbContext, object> _savingWork = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // Contexts are pooled and reused: a failed save must not leave its mark for the context's next user.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => NotSaved(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        NotSaved(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => NotSaved(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        NotSaved(eventData.Context);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback (an exception in an import) reports neither: a new
    // transaction on the (pooled, reused) context starts with nothing waiting.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Forget(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
        DbTransaction result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => AfterCommit(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        AfterCommit(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        // Only work that starts sync counts; the drain's own link rows are enqueued by the drain itself.
        if (context is not null && context.ChangeTracker.Entries<OutboxMessage>().Any(e =>
                e.State == EntityState.Added && e.Entity.Kind is OutboxKinds.ItemChanged or OutboxKinds.RemoteCreate))
        {
            _savingWork.AddOrUpdate(context, this);
        }
    }

    private void AfterSave(DbContext? context)
    {
        if (context is null || !_savingWork.TryGetValue(context, out _))
        {
            return;
        }
        _savingWork.Remove(context);
        if (context.Database.CurrentTransaction is not null)
        {
            _waitingForCommit.AddOrUpdate(context, this);
            return;
        }
        Enqueue();
    }

    private void AfterCommit(DbContext? context)
    {
        if (context is not null && _waitingForCommit.TryGetValue(context, out _))
        {
            _waitingForCommit.Remove(context);
            Enqueue();
        }
    }

    private void NotSaved(DbContext? context)
    {
        if (context is not null)
        {
            _savingWork.Remove(context);
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _waitingForCommit.Remove(context);
        }
    }

    private void Enqueue()
    {
        try
        {
            jobs.Enqueue<DrainOutboxJob>(j => j.RunAsync(CancellationToken.None));
        }
#pragma warning disable CA1031 // The change is committed; a failed enqueue only delays sync until the sweep.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue the outbox drain; the next sweep will drain it")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception);
}
