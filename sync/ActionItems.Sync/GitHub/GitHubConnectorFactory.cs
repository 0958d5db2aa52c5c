using System.Collections.Concurrent;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// Builds a <see cref="GitHubConnector"/> per target: Octokit's connection pointed at the target's <c>BaseUrl</c>
/// (<c>https://api.github.com/</c>, <c>https://ghe.example.org/api/v3/</c>, or a test server), with its token, the
/// shared ETag cache and a handler that counts every request for the target's health.
/// </summary>
public sealed class GitHubConnectorFactory(IHttpMessageHandlerFactory handlers, PhabricatorCallRecorder recorder, GitHubResponseCache responseCache,
    GitHubTargetStates states, IOptions<GitHubClientOptions> options, TimeProvider clock) : ISyncConnectorFactory
{
    public const string HttpClientName = "github";

    public bool Supports(TrackerKind kind) => kind == TrackerKind.GitHub;

    public ISyncConnector Create(SyncTargetOptions target) => CreateGitHub(target);

    public GitHubConnector CreateGitHub(SyncTargetOptions target)
    {
        if (target.Kind != TrackerKind.GitHub)
        {
            throw new ArgumentException($"{target} is not a GitHub target", nameof(target));
        }
        if (!Uri.TryCreate(target.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{target}: BaseUrl must be an absolute http(s) URL", nameof(target));
        }
        if (target.Repository?.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new ArgumentException($"{target}: Repository must be owner/repo", nameof(target));
        }
        var state = states.For(target.Name);
        // Octokit wraps the handler in its own redirect handler (a moved issue or renamed repository answers 301).
        var http = new HttpClientAdapter(() => new CountingHandler(recorder, target.Name, state, clock) { InnerHandler = handlers.CreateHandler(HttpClientName) });
        var connection = new Connection(new ProductHeaderValue(GitHubRegistration.ProductName, GitHubRegistration.ProductVersion), baseUrl,
            new InMemoryCredentialStore(new Credentials(target.Token)), http, new SimpleJsonSerializer())
        {
            ResponseCache = responseCache.For(target.Name),
        };
        connection.SetRequestTimeout(options.Value.Timeout);
        return new GitHubConnector(target, new GitHubClient(connection), state, clock, options.Value.WriteSpacing);
    }

    /// <summary>
    /// The target's rate-limit budget as the latest GitHub answer this process received stated it; null before any
    /// (a target this process has not called yet, or not a GitHub target).
    /// </summary>
    public GitHubRateLimitBudget? RateLimitOf(string targetName) => states.Find(targetName)?.RateLimit;

    /// <summary>
    /// The login of the target's sync account (the token's user): one <c>GET /user</c> the first time per target and
    /// process, then remembered. A webhook delivery this account caused (our own push) needs no pull.
    /// </summary>
    public async Task<string> SyncAccountLoginAsync(SyncTargetOptions target, CancellationToken cancellationToken) =>
        // Remembered: no connector (an Octokit connection and client) is built for a webhook delivery just to read it.
        states.For(target.Name).Me?.Id ?? (await CreateGitHub(target).WhoAmIAsync(cancellationToken)).Id;

    /// <summary>
    /// Counts every request sent (a 304 too: it is a request, though GitHub does not charge it to the rate limit) and
    /// notes GitHub's clock from each answer's <c>Date</c> and the rate-limit budget from its <c>x-ratelimit-*</c>
    /// headers, read off the wire: for a 304 Octokit hands on the cached answer, whose headers are old.
    /// </summary>
    private sealed class CountingHandler(PhabricatorCallRecorder recorder, string targetName, GitHubTargetState state, TimeProvider clock)
        : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var route = GitHubRoutes.Template(request.Method, request.RequestUri);
            recorder.Record(targetName, route);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                recorder.RecordFailure(targetName, route, e);
                throw;
            }
            if ((int)response.StatusCode >= 400)
            {
                // GitHub answers an exhausted budget with 403 and x-ratelimit-remaining 0, not only with 429.
                var rateLimited = Header(response, "x-ratelimit-remaining") == 0 && (int)response.StatusCode == 403;
                recorder.RecordFailure(targetName, route, rateLimited ? 429 : (int)response.StatusCode);
            }
            if (response.Headers.Date is { } date)
            {
                state.SawServerTime(date);
            }
            if (Header(response, "x-ratelimit-remaining") is { } remaining && Header(response, "x-ratelimit-limit") is { } limit &&
                Header(response, "x-ratelimit-reset") is { } reset)
            {
                state.SawRateLimit(new GitHubRateLimitBudget((int)Math.Min(remaining, int.MaxValue), (int)Math.Min(limit, int.MaxValue),
                    DateTimeOffset.FromUnixTimeSeconds(reset), clock.GetUtcNow()));
            }
            return response;
        }

        private static long? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) &&
            long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) &&
            value < 100_000_000_000
                ? value
                : null;
    }
}

/// <summary>
/// Each GitHub target's <see cref="GitHubTargetState"/> for the life of the process, one singleton: the factory is
/// resolved both as itself and as an <see cref="ISyncConnectorFactory"/> (two instances), and both must see the same
/// sync account, issue locations, write pacing and rate-limit budget.
/// </summary>
public sealed class GitHubTargetStates
{
    private readonly ConcurrentDictionary<string, GitHubTargetState> _states = new(StringComparer.OrdinalIgnoreCase);

    public GitHubTargetState For(string targetName) => _states.GetOrAdd(targetName, _ => new GitHubTargetState());

    public GitHubTargetState? Find(string targetName) => _states.GetValueOrDefault(targetName);
}
