using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.Bench;

/// <summary>
/// The rows the sync benchmarks (<see cref="SyncBenchmark"/>, <see cref="GitHubBenchmark"/>) start from, written in one
/// transaction each, as an import of many documents committed at once: the outbox drain is enqueued at the commit.
/// </summary>
internal static class SyncSeed
{
    private const int ItemsPerIncident = 10;
    private const int SaveBatch = 1_000;

    /// <summary>Incidents for <paramref name="items"/> items, ten per incident, the last one holding the rest.</summary>
    private static int IncidentsFor(int items) => (items + ItemsPerIncident - 1) / ItemsPerIncident;

    /// <summary>
    /// One imported item per remote id, linked to it and waiting for its first fill, ten per incident; returns the items'
    /// ids in the order of <paramref name="remoteIds"/>. <paramref name="beforeCommit"/> runs just before the commit
    /// (to reset a fake's counters, so they count the sync's requests only).
    /// </summary>
    public static async Task<List<long>> LinkedItemsAsync(IServiceProvider services, string targetName, IReadOnlyList<string> remoteIds,
        Action beforeCommit)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
        var targetId = await db.SyncTargets.Where(t => t.Name == targetName).Select(t => t.Id).SingleAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var change = new Change("import", ChangeOrigin.Import, DateTimeOffset.UtcNow);
        var items = new List<ActionItem>(remoteIds.Count);
        for (var start = 0; start < remoteIds.Count; start += SaveBatch)
        {
            // Enough incidents for this batch only (the last may be short, and a count need not be a multiple of ten).
            var incidents = Enumerable.Range(start / ItemsPerIncident, IncidentsFor(Math.Min(SaveBatch, remoteIds.Count - start)))
                .Select(n => new Incident { Slug = Machine.Invariant($"bench-incident-{n}"), Title = Machine.Invariant($"Outage {n}"), CreatedAt = change.At })
                .ToList();
            db.Incidents.AddRange(incidents);
            await db.SaveChangesAsync();
            foreach (var (remoteId, index) in remoteIds.Skip(start).Take(SaveBatch).Select((r, k) => (r, k)))
            {
                var item = ActionItem.Create(incidents[index / ItemsPerIncident].Id, "from the postmortem", change);
                item.Links.Add(new TrackerLink { SyncTargetId = targetId, RemoteId = remoteId, State = TrackerLinkState.PendingFill, CreatedAt = change.At });
                db.ActionItems.Add(item);
                items.Add(item);
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        beforeCommit();
        await transaction.CommitAsync();
        return [.. items.Select(i => i.Id)];
    }

    /// <summary>
    /// <paramref name="count"/> items created here ("Pushed item N: …", local origin, ten per incident) for a push policy
    /// to send; <paramref name="shape"/> sets what the tracker's create call must carry beyond the title.
    /// </summary>
    public static async Task NewItemsAsync(IServiceProvider services, int count, string description, Action<ActionItem, Change> shape,
        Action beforeCommit)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
        var incidents = Enumerable.Range(0, IncidentsFor(count))
            .Select(n => new Incident { Slug = Machine.Invariant($"bench-push-{n}"), Title = Machine.Invariant($"New outage {n}"), CreatedAt = change.At })
            .ToList();
        db.Incidents.AddRange(incidents);
        await db.SaveChangesAsync();
        for (var i = 0; i < count; i++)
        {
            var item = ActionItem.Create(incidents[i / ItemsPerIncident].Id, Machine.Invariant($"Pushed item {i + 1}: rotate the certificates"), change, description);
            shape(item, change);
            db.ActionItems.Add(item);
        }
        await db.SaveChangesAsync();
        beforeCommit();
        await transaction.CommitAsync();
    }
}
