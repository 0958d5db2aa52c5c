using System.Collections.Concurrent;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// A cache whose loads are shared: callers that ask for a key while it is being loaded await the same load. A
/// load that fails is forgotten at once (the next caller loads again); a successful one is kept for its lifetime.
/// </summary>
public sealed class SingleFlight<T>(TimeProvider clock, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(string key, Func<Task<T>> load)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var candidate = new Entry(new Lazy<Task<T>>(load), now);
            var entry = _entries.AddOrUpdate(key, candidate,
                (_, existing) => existing.IsUsable(now, lifetime) ? existing : candidate);
            try
            {
                return await entry.Value.Value;
            }
            catch when (entry != candidate)
            {
                // Someone else's load failed (or was cancelled with their request): drop it and load on our own account.
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
            catch
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }
        }
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    /// <summary>
    /// Forgets <paramref name="stale"/> if it is still the cached value, so the next <see cref="GetAsync"/> loads anew;
    /// callers that all found the same value stale cause one load between them, not one each.
    /// </summary>
    public void Forget(string key, T stale)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Value.IsValueCreated && entry.Value.Value.IsCompletedSuccessfully &&
            ReferenceEquals(entry.Value.Value.Result, stale))
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private sealed record Entry(Lazy<Task<T>> Value, DateTimeOffset StartedAt)
    {
        // A load still running is shared whatever its age; a finished one only while fresh and successful.
        public bool IsUsable(DateTimeOffset now, TimeSpan lifetime) =>
            !Value.IsValueCreated || !Value.Value.IsCompleted ||
            (Value.Value.IsCompletedSuccessfully && now - StartedAt < lifetime);
    }
}
