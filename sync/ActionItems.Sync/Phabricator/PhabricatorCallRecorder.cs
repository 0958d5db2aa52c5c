using System.Collections.Concurrent;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// Counts Conduit calls per target for the target's health ("calls made in the last hour"). A
/// singleton shared by every connector instance; thread-safe; keeps one timestamp per call for an hour.
/// </summary>
public sealed class PhabricatorCallRecorder(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _calls = new(StringComparer.Ordinal);

    public void Record(string targetName)
    {
        var queue = _calls.GetOrAdd(targetName, _ => new ConcurrentQueue<DateTimeOffset>());
        var now = clock.GetUtcNow();
        queue.Enqueue(now);
        Prune(queue, now);
    }

    /// <summary>Conduit calls made for <paramref name="targetName"/> during the last hour (failed ones included).</summary>
    public int CallsInLastHour(string targetName)
    {
        if (!_calls.TryGetValue(targetName, out var queue))
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        Prune(queue, now);
        return queue.Count(at => at > now - Window);
    }

    private static void Prune(ConcurrentQueue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.TryPeek(out var oldest) && oldest <= now - Window && queue.TryDequeue(out _))
        {
        }
    }
}
