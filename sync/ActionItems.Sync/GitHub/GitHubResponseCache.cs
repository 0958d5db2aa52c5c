using System.Collections.Concurrent;
using Octokit.Caching;
using Octokit.Internal;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// Octokit's response cache (<see cref="IResponseCache"/>): the last answer to each GET with its ETag, so the next
/// identical GET is sent with <c>If-None-Match</c> and an unchanged resource costs a 304, which GitHub does not count
/// against the rate limit. An idle poll asks the same URL as the one before it, so it is one request answered 304.
/// <para>
/// Kept in memory per process and target, bounded by <see cref="MaxEntries"/> (oldest dropped first). Known limit: a
/// restarted process starts cold, so its first poll and fetches are full reads. Persisting it needs a table keyed by
/// (target, URL) holding the ETag, the status, the headers Octokit reads (<c>Link</c>, rate limits) and the body, written
/// when a 200 arrives and read before each GET (docs/sync.md, "GitHub issues").
/// </para>
/// </summary>
public sealed class GitHubResponseCache
{
    public const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<string, TargetCache> _targets = new(StringComparer.Ordinal);

    /// <summary>The cache one target's connection uses (tokens differ per target, so answers are never shared between targets).</summary>
    public IResponseCache For(string targetName) => _targets.GetOrAdd(targetName, _ => new TargetCache());

    private sealed class TargetCache : IResponseCache
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, LinkedListNode<(string Key, CachedResponse.V1 Response)>> _entries = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Key, CachedResponse.V1 Response)> _order = new();

        public Task<CachedResponse.V1> GetAsync(IRequest request)
        {
            lock (_gate)
            {
                // Octokit treats a null answer as "not cached".
                return Task.FromResult(_entries.TryGetValue(KeyOf(request), out var node) ? node.Value.Response : null!);
            }
        }

        public Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
        {
            // Only successful answers that carry an ETag can be revalidated; anything else would only take space.
            if ((int)cachedResponse.StatusCode is < 200 or >= 300 || string.IsNullOrEmpty(cachedResponse.ApiInfo?.Etag))
            {
                return Task.CompletedTask;
            }
            var key = KeyOf(request);
            lock (_gate)
            {
                if (_entries.Remove(key, out var old))
                {
                    _order.Remove(old);
                }
                _entries[key] = _order.AddLast((key, cachedResponse));
                while (_entries.Count > MaxEntries && _order.First is { } oldest)
                {
                    _order.RemoveFirst();
                    _entries.Remove(oldest.Value.Key);
                }
            }
            return Task.CompletedTask;
        }

        private static string KeyOf(IRequest request) =>
            request.Endpoint.IsAbsoluteUri ? request.Endpoint.AbsoluteUri : new Uri(request.BaseAddress, request.Endpoint).AbsoluteUri;
    }
}
