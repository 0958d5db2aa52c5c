using Refit;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// Conduit's one endpoint shape: <c>POST /api/&lt;method&gt;</c> with the JSON-in-form encoding
/// (<c>params=&lt;json with __conduit__.token&gt;&amp;output=json&amp;__conduit__=1</c>). The raw response is
/// returned because Conduit answers HTTP 200 for errors and a rate limiter in front of it answers
/// 429 text/plain: <see cref="ConduitClient"/> reads both.
/// </summary>
public interface IConduitApi
{
    [Post("/api/{method}")]
    Task<HttpResponseMessage> CallAsync(string method, [Body(BodySerializationMethod.UrlEncoded)] IDictionary<string, string> form,
        CancellationToken cancellationToken);
}
