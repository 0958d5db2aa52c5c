using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionItems.Sync.Engine;
using Microsoft.Extensions.Logging;
using Refit;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// Calls Conduit methods for one target. Puts the token into the request body only (never a URL,
/// header, log line or exception message), reads the <c>{result, error_code, error_info}</c> envelope
/// and reports every failure as either a <see cref="ConduitErrorException"/> (the server answered
/// with an error code) or a transport <see cref="TrackerException"/>:
/// 429 → rate limited (Retry-After); other non-200, non-JSON, timeout, reset → transient; a write
/// whose request went out but whose answer never came → unknown outcome.
/// </summary>
public sealed class ConduitClient(IConduitApi api, string targetName, string? token, PhabricatorCallRecorder recorder,
    TimeProvider clock, ILogger logger)
{
    /// <summary>When a 429 carries no usable Retry-After.</summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Calls <paramref name="method"/> and deserializes <c>result</c>. <paramref name="isWrite"/> marks calls whose lost answer leaves the outcome unknown.</summary>
    public async Task<T> CallAsync<T>(string method, JsonObject parameters, bool isWrite, CancellationToken cancellationToken) =>
        (await CallWithServerTimeAsync<T>(method, parameters, isWrite, cancellationToken)).Result;

    /// <summary>
    /// <see cref="CallAsync{T}"/> plus the server's clock at the answer (its HTTP <c>Date</c> header, whole seconds; null
    /// when it sent none): what the poll needs to know that a second is over on the tracker, whatever our own clock says.
    /// </summary>
    public async Task<(T Result, DateTimeOffset? ServerTime)> CallWithServerTimeAsync<T>(string method, JsonObject parameters, bool isWrite,
        CancellationToken cancellationToken)
    {
        var (result, serverTime) = await SendAsync(method, parameters, isWrite, cancellationToken);
        try
        {
            return (result.Deserialize<T>(ReadOptions) ?? throw new JsonException("result is null"), serverTime);
        }
        catch (JsonException e)
        {
            throw new TrackerTransientException($"{targetName}: Conduit {method} returned a result of an unexpected shape ({e.Message})", e);
        }
    }

    public async Task<JsonElement> CallAsync(string method, JsonObject parameters, bool isWrite, CancellationToken cancellationToken) =>
        (await SendAsync(method, parameters, isWrite, cancellationToken)).Result;

    private async Task<(JsonElement Result, DateTimeOffset? ServerTime)> SendAsync(string method, JsonObject parameters, bool isWrite,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new TrackerPermanentException($"{targetName}: no API token is configured", "ERR-INVALID-SESSION", affectsWholeTarget: true);
        }
        var withToken = (JsonObject)parameters.DeepClone();
        withToken["__conduit__"] = new JsonObject { ["token"] = token };
        var form = new Dictionary<string, string>
        {
            ["params"] = withToken.ToJsonString(),
            ["output"] = "json",
            ["__conduit__"] = "1",
        };

        recorder.Record(targetName, method);
        try
        {
            return await ExchangeAsync(method, form, isWrite, cancellationToken);
        }
        catch (Exception e) when (e is TrackerException or ConduitErrorException && !cancellationToken.IsCancellationRequested)
        {
            recorder.RecordFailure(targetName, method, e);
            throw;
        }
    }

    private async Task<(JsonElement Result, DateTimeOffset? ServerTime)> ExchangeAsync(string method, Dictionary<string, string> form,
        bool isWrite, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            using var response = await api.CallAsync(method, form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var result = ReadEnvelope(method, response, body);
            logger.LogDebug("Conduit {Method} on {Target} answered in {Elapsed} ms", method, targetName, clock.GetElapsedTime(started).TotalMilliseconds);
            return (result, response.Headers.Date);
        }
        catch (ConduitErrorException e)
        {
            logger.LogWarning("Conduit {Method} on {Target} failed: {Code}", method, targetName, e.Code);
            throw;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout: the request was sent, the answer did not come in time.
            throw isWrite
                ? new TrackerUnknownOutcomeException($"{targetName}: Conduit {method} timed out after sending; it may or may not have been applied", e)
                : new TrackerTransientException($"{targetName}: Conduit {method} timed out", e);
        }
        catch (Exception e) when (e is HttpRequestException or ApiRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            var neverSent = (e as HttpRequestException ?? e.InnerException as HttpRequestException)?.HttpRequestError is
                HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
            var reason = Redact((e.InnerException ?? e).Message);
            throw isWrite && !neverSent
                ? new TrackerUnknownOutcomeException($"{targetName}: the connection broke during Conduit {method}; it may or may not have been applied ({reason})", e)
                : new TrackerTransientException($"{targetName}: Conduit {method} failed: {reason}", e);
        }
    }

    private JsonElement ReadEnvelope(string method, HttpResponseMessage response, string body)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAt = RetryAt(response);
            throw new TrackerRateLimitedException($"{targetName}: rate limited on Conduit {method}; retry at {retryAt:u}", retryAt);
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new TrackerTransientException($"{targetName}: Conduit {method} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        JsonElement envelope;
        try
        {
            using var document = JsonDocument.Parse(body);
            envelope = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new TrackerTransientException(
                $"{targetName}: Conduit {method} answered with something that is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"})", e);
        }
        if (envelope.ValueKind != JsonValueKind.Object || !envelope.TryGetProperty("result", out var result))
        {
            throw new TrackerTransientException($"{targetName}: Conduit {method} answered JSON without a Conduit envelope");
        }
        if (envelope.TryGetProperty("error_code", out var code) && code.ValueKind == JsonValueKind.String)
        {
            var info = Redact(envelope.TryGetProperty("error_info", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "");
            var errorCode = code.GetString()!;
            throw errorCode is "ERR-INVALID-AUTH" or "ERR-INVALID-SESSION"
                ? new ConduitAuthenticationException(method, errorCode, info)
                : new ConduitErrorException(method, errorCode, info);
        }
        return result;
    }

    private DateTimeOffset RetryAt(HttpResponseMessage response)
    {
        var now = clock.GetUtcNow();
        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => now + delta,
            { Date: { } date } => date > now ? date : now,
            _ => now + DefaultRateLimitWait,
        };
    }

    /// <summary>Phorge echoes a refused token in its error text (fixture 60); it must not reach logs or the database.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(token) ? text : text.Replace(token, "api-…(redacted)", StringComparison.Ordinal);
}
