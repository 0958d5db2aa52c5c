using ActionItems.Data;
using ActionItems.Sync.Engine;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// A targeted pull (webhook hint or requestSync): re-reads one remote object, so replayed or out-of-order
/// events are harmless. A linked object goes through its link's job (and so its lock and failure policy); an
/// object only known by its user-facing id is fetched once to find its link.
/// </summary>
[AutomaticRetry(Attempts = 10, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[RecordsTrackerFailures(TrackerFailureSubject.Target)]
public sealed class PullRemoteObjectJob(ActionItemsDbContext db, SyncEngine engine, IBackgroundJobClient jobs)
{
    public async Task RunAsync(long targetId, string remoteId, CancellationToken cancellationToken)
    {
        var linkId = await db.TrackerLinks
            .Where(l => l.SyncTargetId == targetId && (l.RemoteInternalId == remoteId || l.RemoteId == remoteId))
            .Select(l => (long?)l.Id).FirstOrDefaultAsync(cancellationToken);
        if (linkId is { } id)
        {
            jobs.Enqueue<SyncLinkJob>(j => j.RunAsync(id, CancellationToken.None));
            return;
        }
        var session = await engine.OpenAsync(targetId, cancellationToken);
        if (session is null)
        {
            return;
        }
        await engine.PullAsync(session, remoteId, cancellationToken);
    }
}
