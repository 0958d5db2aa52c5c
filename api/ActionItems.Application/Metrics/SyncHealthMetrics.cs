using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Metrics;

/// <summary>One sync target's health at scrape time.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="LagSeconds">Now − its last successful poll; before the first one, now − when the target was configured.</param>
/// <param name="CallsLastHour">Tracker calls of every process during the last hour (the target's <c>callsLastHour</c>).</param>
/// <param name="RateLimitRemaining">The rate-limit budget left as the tracker last stated it to this process; null when unknown (Phabricator states none).</param>
/// <param name="RateLimitWaitSeconds">Seconds until a rate limit the tracker imposed resets; 0 when not waiting.</param>
/// <param name="OpenConflicts">Unresolved conflicts of its links.</param>
public sealed record SyncTargetGauge(string Target, double LagSeconds, int CallsLastHour, int? RateLimitRemaining, double RateLimitWaitSeconds,
    int OpenConflicts);

/// <summary>Pending rows of the outbox of one kind (<see cref="OutboxKinds"/>).</summary>
public sealed record OutboxKindGauge(string Kind, int Pending);

/// <summary>The sync figures of a scrape.</summary>
/// <param name="Targets">Every sync target, by name.</param>
/// <param name="Outbox">Every outbox kind, zeros included.</param>
/// <param name="OldestPendingAgeSeconds">Age of the oldest pending outbox row; 0 when none is pending.</param>
public sealed record SyncHealthSnapshot(IReadOnlyList<SyncTargetGauge> Targets, IReadOnlyList<OutboxKindGauge> Outbox, double OldestPendingAgeSeconds)
{
    public static SyncHealthSnapshot Empty { get; } = new([], [], 0);
}

/// <summary>
/// The sync gauges of the Prometheus endpoint, read from what the product already keeps at scrape time: the targets'
/// poll times and rate-limit waits, the shared call counts (<see cref="TrackerCallCounts"/>), the outbox table and the
/// conflicts; four small queries, none of which reads more than one row per target or outbox kind.
/// </summary>
public sealed class SyncHealthMetrics(ActionItemsDbContext db, TrackerCallCounts callCounts, GitHubConnectorFactory gitHub, TimeProvider clock)
{
    private static readonly string[] OutboxKindsInOrder = [OutboxKinds.ItemChanged, OutboxKinds.LinkPush, OutboxKinds.RemoteCreate];

    public async Task<SyncHealthSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var targets = await db.SyncTargets.AsNoTracking()
            .Select(t => new { t.Id, t.Name, t.Kind, t.CreatedAt, t.LastSuccessfulPollAt, t.RateLimitedUntil })
            .ToListAsync(cancellationToken);
        var conflicts = await db.SyncConflicts.AsNoTracking().Where(c => c.ResolvedAt == null)
            .GroupBy(c => c.TrackerLink!.SyncTargetId)
            .Select(g => new { TargetId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(c => c.TargetId, c => c.Count, cancellationToken);
        var calls = targets.Count == 0
            ? []
            : await callCounts.CallsInLastHourAsync(db, [.. targets.Select(t => t.Name)], cancellationToken);
        var outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.ProcessedAt == null)
            .GroupBy(m => m.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count(), Oldest = g.Min(m => m.CreatedAt) })
            .ToListAsync(cancellationToken);

        return new SyncHealthSnapshot(
            [.. targets.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new SyncTargetGauge(
                t.Name,
                Seconds(now - (t.LastSuccessfulPollAt ?? t.CreatedAt)),
                calls.GetValueOrDefault(t.Name),
                t.Kind == TrackerKind.GitHub ? gitHub.RateLimitOf(t.Name)?.Remaining : null,
                t.RateLimitedUntil is { } until ? Seconds(until - now) : 0,
                conflicts.GetValueOrDefault(t.Id)))],
            [.. OutboxKindsInOrder.Concat(outbox.Select(o => o.Kind).Where(k => !OutboxKindsInOrder.Contains(k)).Order(StringComparer.Ordinal))
                .Select(kind => new OutboxKindGauge(kind, outbox.Where(o => o.Kind == kind).Sum(o => o.Count)))],
            outbox.Count == 0 ? 0 : Seconds(now - outbox.Min(o => o.Oldest)));
    }

    /// <summary>Whole milliseconds, never negative: a clock a little behind the database's must not report a negative lag.</summary>
    private static double Seconds(TimeSpan span) => Math.Max(0, Math.Round(span.TotalSeconds, 3));
}
