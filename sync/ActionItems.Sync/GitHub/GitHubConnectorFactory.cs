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
    IOptions<GitHubClientOptions> options, TimeProvider clock) : ISyncConnectorFactory
{
    public const string HttpClientName = "github";

    private readonly ConcurrentDictionary<string, GitHubTargetState> _states = new(StringComparer.OrdinalIgnoreCase);

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
        var state = _states.GetOrAdd(target.Name, _ => new GitHubTargetState());
        // Octokit wraps the handler in its own redirect handler (a moved issue or renamed repository answers 301).
        var http = new HttpClientAdapter(() => new CountingHandler(recorder, target.Name, state) { InnerHandler = handlers.CreateHandler(HttpClientName) });
        var connection = new Connection(new ProductHeaderValue(GitHubRegistration.ProductName, GitHubRegistration.ProductVersion), baseUrl,
            new InMemoryCredentialStore(new Credentials(target.Token)), http, new SimpleJsonSerializer())
        {
            ResponseCache = responseCache.For(target.Name),
        };
        connection.SetRequestTimeout(options.Value.Timeout);
        return new GitHubConnector(target, new GitHubClient(connection), state, clock);
    }

    /// <summary>
    /// The login of the target's sync account (the token's user): one <c>GET /user</c> the first time per target and
    /// process, then remembered. A webhook delivery this account caused (our own push) needs no pull.
    /// </summary>
    public async Task<string> SyncAccountLoginAsync(SyncTargetOptions target, CancellationToken cancellationToken) =>
        (await CreateGitHub(target).WhoAmIAsync(cancellationToken)).Id;

    /// <summary>
    /// Counts every request sent (a 304 too: it is a request, though GitHub does not charge it to the rate limit) and
    /// notes GitHub's clock from each answer's <c>Date</c>.
    /// </summary>
    private sealed class CountingHandler(PhabricatorCallRecorder recorder, string targetName, GitHubTargetState state) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            recorder.Record(targetName);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.Date is { } date)
            {
                state.SawServerTime(date);
            }
            return response;
        }
    }
}
