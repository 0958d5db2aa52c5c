using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Every minute per target: reads the full history of the tasks whose first fill owed it, at most
/// <see cref="TasksPerRun"/> per run (one transaction read each), so a fill of thousands of tasks stays at one search
/// per hundred and their history follows at a pace the tracker does not notice. Never blocks a poll or a fill (a lock
/// of its own); a run that finds the previous one still going leaves at once.
/// </summary>
[AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[OneAtATime(SyncLocks.History, waitSeconds: 0, WhenBusy.Skip)]
[RecordsTrackerFailures(TrackerFailureSubject.Target)]
public sealed class BackfillHistoryJob(SyncEngine engine, TimeProvider clock)
{
    /// <summary>Tasks read per run (per minute): 1,800 an hour, under any tracker's rate limit next to the sync's own calls.</summary>
    public const int TasksPerRun = 30;

    public static string RecurringId(string targetName) => $"sync:history:{targetName.ToLowerInvariant()}";

    public async Task RunAsync(long targetId, CancellationToken cancellationToken)
    {
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null || (session.Target.RateLimitedUntil is { } until && until > clock.GetUtcNow()))
        {
            return;
        }
        await engine.BackfillHistoryAsync(session, TasksPerRun, cancellationToken);
    }
}
