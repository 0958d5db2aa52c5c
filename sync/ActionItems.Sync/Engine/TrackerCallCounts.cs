using ActionItems.Data;
using ActionItems.Sync.Phabricator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Tracker API calls per target over the last hour, summed over every process on the database: each process's
/// <see cref="PhabricatorCallRecorder"/> counts in memory, <see cref="FlushAsync"/> adds those counts to the shared
/// per-minute table (<see cref="TrackerCallCountFlusher"/> every few seconds and when the host stops), and readers
/// sum the table plus what this process has not flushed yet, so in one process the figure is exact.
/// </summary>
public sealed partial class TrackerCallCounts(PhabricatorCallRecorder recorder, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<TrackerCallCounts> logger) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>How often each process adds its counts to the table: the delay before the API process sees a worker's calls.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long the per-minute rows are kept (<see cref="Jobs.PurgeTrackerCallCountsJob"/>); only the last hour is read.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    /// <summary>
    /// Held by a flush while its counts are out of the recorder but not yet committed, so a reader waits for them
    /// instead of missing them, and two flushes never write the same counts.
    /// </summary>
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>
    /// Writes this process's counted calls to the table in one transaction. Never throws: counting must not fail a sync,
    /// so a failed write (database away, shutdown) is logged and its counts go back to the recorder for the next flush.
    /// </summary>
    /// <returns>Whether everything counted so far is in the table.</returns>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(CancellationToken.None);
        try
        {
            var counts = recorder.TakeUnflushed();
            if (counts.Count == 0)
            {
                return true;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // One order in every process: two flushes adding to the same rows lock them in the same order, never in a cycle.
                foreach (var (target, bucket, calls) in counts.OrderBy(c => c.Target, StringComparer.Ordinal).ThenBy(c => c.BucketStart))
                {
                    await TrackerCallCountSql.AddAsync(db, target, bucket, calls, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
            catch (Exception e)
            {
                recorder.Return(counts);
                LogFlushFailed(logger, counts.Sum(c => c.Calls), e.Message);
                return false;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>
    /// Calls per target name during the last hour, counted per UTC minute: the minutes that started within the last
    /// hour (so 59 to 60 minutes of calls), from every process's flushed counts and this process's unflushed ones.
    /// </summary>
    public async Task<Dictionary<string, int>> CallsInLastHourAsync(ActionItemsDbContext db, IReadOnlyCollection<string> targetNames,
        CancellationToken cancellationToken)
    {
        var after = clock.GetUtcNow() - Window;
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var stored = await db.TrackerCallCounts.AsNoTracking()
                .Where(c => targetNames.Contains(c.TargetName) && c.BucketStart > after)
                .GroupBy(c => c.TargetName)
                .Select(g => new { Target = g.Key, Calls = g.Sum(c => c.Calls) })
                .ToDictionaryAsync(c => c.Target, c => c.Calls, cancellationToken);
            return targetNames.Distinct().ToDictionary(name => name,
                name => (int)Math.Min(int.MaxValue, stored.GetValueOrDefault(name) + recorder.UnflushedCalls(name, after)));
        }
        finally
        {
            _flushing.Release();
        }
    }

    public void Dispose() => _flushing.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store {Calls} counted tracker call(s); kept for the next attempt: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, long calls, string reason);
}
