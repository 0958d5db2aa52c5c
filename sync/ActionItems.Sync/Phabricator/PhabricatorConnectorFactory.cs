using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using Microsoft.Extensions.Logging;
using Refit;

namespace ActionItems.Sync.Phabricator;

/// <summary>Builds a <see cref="PhabricatorConnector"/> per target over the named <see cref="HttpClientName"/> client (timeout, User-Agent).</summary>
public sealed class PhabricatorConnectorFactory(IHttpClientFactory httpClients, PhabricatorCallRecorder recorder, PhabricatorVocabularyCache cache,
    TimeProvider clock, ILoggerFactory loggers) : ISyncConnectorFactory
{
    public const string HttpClientName = "phabricator";

    public bool Supports(TrackerKind kind) => kind == TrackerKind.Phabricator;

    public ISyncConnector Create(SyncTargetOptions target) => CreatePhabricator(target);

    public PhabricatorConnector CreatePhabricator(SyncTargetOptions target)
    {
        if (target.Kind != TrackerKind.Phabricator)
        {
            throw new ArgumentException($"{target} is not a Phabricator target", nameof(target));
        }
        if (!Uri.TryCreate(target.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{target}: BaseUrl must be an absolute http(s) URL", nameof(target));
        }
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = baseUrl;
        var api = RestService.For<IConduitApi>(http);
        var conduit = new ConduitClient(api, target.Name, target.Token, recorder, clock, loggers.CreateLogger<ConduitClient>());
        return new PhabricatorConnector(target, conduit, cache, clock);
    }
}
