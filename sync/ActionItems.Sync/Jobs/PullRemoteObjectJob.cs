using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// A targeted pull (webhook hint or requestSync): re-reads one remote object, so replayed or out-of-order
/// events are harmless. A linked object goes through its link's job (and lock); an object only known by its
/// user-facing id is fetched once to find its link.
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class PullRemoteObjectJob(ActionItemsDbContext db, SyncEngine engine, SyncLinkJob linkJob, SyncFailures failures,
    IBackgroundJobClient jobs)
{
    public async Task RunAsync(long targetId, string remoteId, CancellationToken cancellationToken)
    {
        var linkId = await db.TrackerLinks
            .Where(l => l.SyncTargetId == targetId && (l.RemoteInternalId == remoteId || l.RemoteId == remoteId))
            .Select(l => (long?)l.Id).FirstOrDefaultAsync(cancellationToken);
        if (linkId is { } id)
        {
            await linkJob.RunAsync(id, cancellationToken);
            return;
        }
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        try
        {
            await engine.PullAsync(session, remoteId, cancellationToken);
        }
        catch (TrackerException e)
        {
            switch (await failures.PollFailedAsync(targetId, e, CancellationToken.None))
            {
                case SyncFailures.Outcome.Reschedule when e is TrackerRateLimitedException limited:
                    jobs.Schedule<PullRemoteObjectJob>(j => j.RunAsync(targetId, remoteId, CancellationToken.None), limited.RetryAt);
                    break;
                case SyncFailures.Outcome.Retry:
                    throw;
            }
        }
    }
}
