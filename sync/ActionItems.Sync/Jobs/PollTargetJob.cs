using ActionItems.Sync.Engine;
using Hangfire;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// The recurring poll of one target. One per target at a time: a poll that finds another running (or a fill)
/// leaves at once, the next interval comes soon. A rate-limited poll is moved to the reset by
/// <see cref="TrackerFailureFilter"/>, so a poll due before the reset has nothing to do.
/// </summary>
[AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
[OneAtATime(SyncLocks.Target, waitSeconds: 0, WhenBusy.Skip)]
[RecordsTrackerFailures(TrackerFailureSubject.Target)]
public sealed class PollTargetJob(SyncEngine engine, TimeProvider clock)
{
    public async Task RunAsync(long targetId, CancellationToken cancellationToken)
    {
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null || (session.Target.RateLimitedUntil is { } until && until > clock.GetUtcNow()))
        {
            return;
        }
        await engine.PollAsync(session, cancellationToken);
    }
}
