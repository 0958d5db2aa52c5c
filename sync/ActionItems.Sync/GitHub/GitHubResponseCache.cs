using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Octokit;
using Octokit.Caching;
using Octokit.Internal;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// Octokit's response cache (<see cref="IResponseCache"/>): the last answer to each GET with its ETag, so the next
/// identical GET is sent with <c>If-None-Match</c> and an unchanged resource costs a 304, which GitHub does not count
/// against the rate limit. An idle poll asks the same URL as the one before it, so it is one request answered 304.
/// <para>
/// Two levels per target: in memory (bounded by <see cref="MaxEntries"/>, oldest dropped first), and the
/// <c>github_response_cache</c> table (<see cref="GitHubCachedResponse"/>), written when a new answer arrives and read
/// when memory has none — so a restarted process, or another worker, still revalidates instead of reading in full. The
/// table keeps each target's <see cref="MaxEntries"/> newest answers. The cache never fails a request: a database
/// error is logged and the request goes on as uncached. Without a database (a host that registers none) it is memory only.
/// </para>
/// </summary>
public sealed partial class GitHubResponseCache(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GitHubResponseCache> logger)
{
    /// <summary>How many answers per target memory and the table keep, unless a test lowers <see cref="MaxEntries"/>.</summary>
    public const int DefaultMaxEntries = 2_000;

    /// <summary>
    /// How many answers per target memory and the table keep. Settable only inside this assembly and by the integration
    /// tests (to reach the bound), before any request: the cache is a process-wide singleton and reads it without a lock.
    /// </summary>
    public int MaxEntries { get; internal set; } = DefaultMaxEntries;

    /// <summary>
    /// How many new answers a process stores for a target between two prunings of the table. Settable as
    /// <see cref="MaxEntries"/> is (a test reaches a pruning).
    /// </summary>
    public int PruneEvery { get; internal set; } = 100;

    private readonly ConcurrentDictionary<string, TargetCache> _targets = new(StringComparer.Ordinal);

    /// <summary>The cache one target's connection uses (tokens differ per target, so answers are never shared between targets).</summary>
    public IResponseCache For(string targetName) => _targets.GetOrAdd(targetName, name => new TargetCache(this, name));

    private async Task<CachedResponse.V1?> LoadAsync(string targetName, string url)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<ActionItemsDbContext>() is not { } db)
            {
                return null;
            }
            var key = RequestKey(url);
            var row = await db.GitHubCachedResponses.AsNoTracking()
                .FirstOrDefaultAsync(r => r.TargetName == targetName && r.RequestKey == key, CancellationToken.None);
            if (row is null)
            {
                return null;
            }
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers) ?? [];
            return new CachedResponse.V1(row.Body, headers, ApiInfoOf(headers, row.ETag), (HttpStatusCode)row.StatusCode,
                row.ContentType ?? "application/json");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLoadFailed(logger, targetName, e.Message);
            return null;
        }
    }

    private async Task StoreAsync(string targetName, string url, CachedResponse.V1 response, bool prune)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<ActionItemsDbContext>() is not { } db)
            {
                return;
            }
            var key = RequestKey(url);
            var row = await db.GitHubCachedResponses.FirstOrDefaultAsync(r => r.TargetName == targetName && r.RequestKey == key, CancellationToken.None);
            if (row is null)
            {
                row = new GitHubCachedResponse { TargetName = targetName, RequestKey = key, Url = url, ETag = "", Headers = "{}", Body = "" };
                db.GitHubCachedResponses.Add(row);
            }
            row.ETag = response.ApiInfo.Etag;
            row.StatusCode = (int)response.StatusCode;
            row.ContentType = response.ContentType;
            row.Headers = JsonSerializer.Serialize(response.Headers);
            row.Body = response.Body as string ?? "";
            row.StoredAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateException)
            {
                // Another process stored the same URL at the same moment: its answer is as good as ours.
            }
            if (prune)
            {
                var cutoff = await db.GitHubCachedResponses.Where(r => r.TargetName == targetName)
                    .OrderByDescending(r => r.StoredAt).Skip(MaxEntries).Select(r => (DateTimeOffset?)r.StoredAt).FirstOrDefaultAsync(CancellationToken.None);
                if (cutoff is { } oldestToDrop)
                {
                    await db.GitHubCachedResponses.Where(r => r.TargetName == targetName && r.StoredAt <= oldestToDrop)
                        .ExecuteDeleteAsync(CancellationToken.None);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(logger, targetName, e.Message);
        }
    }

    /// <summary>
    /// What Octokit reads from an answer's headers (its own parser is internal): the <c>Link</c> pages (the poll follows
    /// <c>rel="next"</c>), the ETag and the rate limit.
    /// </summary>
    private static ApiInfo ApiInfoOf(IReadOnlyDictionary<string, string> headers, string etag)
    {
        string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        long Number(string name) =>
            long.TryParse(Header(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        var links = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (Match link in LinkHeaderPart().Matches(Header("Link") ?? ""))
        {
            if (Uri.TryCreate(link.Groups["url"].Value, UriKind.Absolute, out var url))
            {
                links[link.Groups["rel"].Value] = url;
            }
        }
        var rateLimit = new RateLimit((int)Math.Min(Number("X-RateLimit-Limit"), int.MaxValue), (int)Math.Min(Number("X-RateLimit-Remaining"), int.MaxValue),
            Number("X-RateLimit-Reset"));
        return new ApiInfo(links, [], [], etag, rateLimit);
    }

    [GeneratedRegex(@"<(?<url>[^>]+)>;\s*rel=""(?<rel>[^""]+)""")]
    private static partial Regex LinkHeaderPart();

    private static string RequestKey(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: the stored GitHub answer could not be read ({Reason}); the request is sent uncached")]
    private static partial void LogLoadFailed(ILogger logger, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: the GitHub answer could not be stored ({Reason}); it stays cached in memory only")]
    private static partial void LogStoreFailed(ILogger logger, string target, string reason);

    private sealed class TargetCache(GitHubResponseCache owner, string targetName) : IResponseCache
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, LinkedListNode<(string Key, CachedResponse.V1 Response)>> _entries = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Key, CachedResponse.V1 Response)> _order = new();
        private int _storedSincePrune;

        public async Task<CachedResponse.V1> GetAsync(IRequest request)
        {
            var key = KeyOf(request);
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var node))
                {
                    return node.Value.Response;
                }
            }
            var stored = await owner.LoadAsync(targetName, key);
            if (stored is not null)
            {
                Remember(key, stored);
            }
            // Octokit treats a null answer as "not cached".
            return stored!;
        }

        public async Task SetAsync(IRequest request, CachedResponse.V1 cachedResponse)
        {
            // Only successful answers that carry an ETag can be revalidated; anything else would only take space.
            if ((int)cachedResponse.StatusCode is < 200 or >= 300 || string.IsNullOrEmpty(cachedResponse.ApiInfo?.Etag))
            {
                return;
            }
            var key = KeyOf(request);
            bool prune;
            lock (_gate)
            {
                // Octokit stores again after a 304 the very answer it took from here: nothing new to write.
                if (_entries.TryGetValue(key, out var known) && ReferenceEquals(known.Value.Response, cachedResponse))
                {
                    return;
                }
                prune = ++_storedSincePrune >= owner.PruneEvery;
                if (prune)
                {
                    _storedSincePrune = 0;
                }
            }
            Remember(key, cachedResponse);
            await owner.StoreAsync(targetName, key, cachedResponse, prune);
        }

        private void Remember(string key, CachedResponse.V1 response)
        {
            lock (_gate)
            {
                if (_entries.Remove(key, out var old))
                {
                    _order.Remove(old);
                }
                _entries[key] = _order.AddLast((key, response));
                while (_entries.Count > owner.MaxEntries && _order.First is { } oldest)
                {
                    _order.RemoveFirst();
                    _entries.Remove(oldest.Value.Key);
                }
            }
        }

        private static string KeyOf(IRequest request) =>
            request.Endpoint.IsAbsoluteUri ? request.Endpoint.AbsoluteUri : new Uri(request.BaseAddress, request.Endpoint).AbsoluteUri;
    }
}
