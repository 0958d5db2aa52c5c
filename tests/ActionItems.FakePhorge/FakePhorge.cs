using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActionItems.FakePhorge;

/// <summary>What the fake does to a matching call instead of (or on top of) answering normally.</summary>
public abstract record PhorgeFault
{
    /// <summary>HTTP 500 with an HTML error page, the request is not applied.</summary>
    public static PhorgeFault ServerError { get; } = new ServerErrorFault();

    /// <summary>HTTP 429 <c>text/plain</c> with <c>Retry-After</c> in seconds, as a rate limiter or CDN in front of Phorge sends it.</summary>
    public static PhorgeFault RateLimited(TimeSpan retryAfter) => new RateLimitedFault(retryAfter);

    /// <summary>Waits (real time) before handling the call; longer than the client timeout, the client gives up first and nothing is applied.</summary>
    public static PhorgeFault Delay(TimeSpan delay) => new DelayFault(delay);

    /// <summary>A well-formed Conduit error envelope (HTTP 200).</summary>
    public static PhorgeFault ErrorEnvelope(string code, string info) => new ErrorEnvelopeFault(code, info);

    /// <summary>Handles the call for real (an edit is stored), then aborts the connection without a response: the outcome is unknown to the client.</summary>
    public static PhorgeFault ApplyThenDropConnection { get; } = new DropAfterApplyFault();

    /// <summary>HTTP 200 with an HTML body (a proxy's error page), not JSON.</summary>
    public static PhorgeFault HtmlInsteadOfJson { get; } = new HtmlFault();

    internal sealed record ServerErrorFault : PhorgeFault;
    internal sealed record RateLimitedFault(TimeSpan RetryAfter) : PhorgeFault;
    internal sealed record DelayFault(TimeSpan Duration) : PhorgeFault;
    internal sealed record ErrorEnvelopeFault(string Code, string Info) : PhorgeFault;
    internal sealed record DropAfterApplyFault : PhorgeFault;
    internal sealed record HtmlFault : PhorgeFault;
}

/// <summary>One Conduit call as received (parameters without the token), for assertions on what a client sent.</summary>
public sealed record ConduitCall(string Method, JsonObject Parameters, string? Username, bool FlatForm);

/// <summary>The outcome of a webhook delivery: receiver's status and the exact bytes and signature sent.</summary>
public sealed record WebhookDelivery(int StatusCode, string Body, string Signature);

/// <summary>
/// A stateful Phorge on 127.0.0.1 speaking Conduit (<c>POST /api/&lt;method&gt;</c>, JSON-in-form and flat
/// form) exactly like the recorded fixtures, with call counters, fault injection and Herald-style
/// webhook deliveries. State lives in <see cref="Phorge"/>; tests seed it directly or edit "as another user".
/// </summary>
public sealed class FakePhorge : IAsyncDisposable
{
    public const string SignatureHeader = "X-Phabricator-Webhook-Signature";
    public const string HeraldApplicationPhid = "PHID-APPS-PhabricatorHeraldApplication";

    private static readonly HttpClient WebhookClient = new() { Timeout = TimeSpan.FromSeconds(15) };
    private static readonly JsonSerializerOptions PrettyJson = new() { WriteIndented = true };

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _callCounts = new(StringComparer.Ordinal);
    private readonly Lock _faultLock = new();
    private readonly List<(PhorgeFault Fault, string? Method, int Remaining)> _faults = [];
    private readonly ConcurrentQueue<Task> _pendingWebhooks = new();
    private (Uri Url, string Key, string WebhookPhid)? _firehose;

    private FakePhorge(WebApplication app, PhorgeInstance phorge)
    {
        _app = app;
        Phorge = phorge;
    }

    public PhorgeInstance Phorge { get; }

    /// <summary>Base URL with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ConduitCall> Calls { get; } = new();

    public PhorgeUser Admin => Phorge.Admin;
    public PhorgeUser Alice => Phorge.Alice;
    public PhorgeUser Syncbot => Phorge.Syncbot;

    public static async Task<FakePhorge> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakePhorge(app, new PhorgeInstance(clock ?? TimeProvider.System, ""));
        app.MapPost("/api/{method}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        fake.Phorge.BaseUrl = fake.BaseUrl.ToString();
        return fake;
    }

    // ---------------------------------------------------------------- counters and faults

    public int CallCount(string method) => _callCounts.GetValueOrDefault(method);

    public int TotalCalls => _callCounts.Values.Sum();

    public IReadOnlyDictionary<string, int> CallCounts => new Dictionary<string, int>(_callCounts);

    public void ResetCallCounts()
    {
        _callCounts.Clear();
        Calls.Clear();
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> (any method when null) get <paramref name="fault"/>.</summary>
    public void InjectFault(PhorgeFault fault, string? method = null, int times = 1)
    {
        lock (_faultLock)
        {
            _faults.Add((fault, method, times));
        }
    }

    public void ClearFaults()
    {
        lock (_faultLock)
        {
            _faults.Clear();
        }
    }

    private PhorgeFault? TakeFault(string method)
    {
        lock (_faultLock)
        {
            var index = _faults.FindIndex(f => f.Method is null || f.Method == method);
            if (index < 0)
            {
                return null;
            }
            var (fault, m, remaining) = _faults[index];
            if (remaining <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, m, remaining - 1);
            }
            return fault;
        }
    }

    // ---------------------------------------------------------------- seeding helpers

    /// <summary>Creates a task through maniphest.edit's code path as <paramref name="author"/>.</summary>
    public PhorgeTask CreateTask(PhorgeUser author, string title, string description = "", string? priority = null, string? status = null,
        PhorgeUser? owner = null, IEnumerable<string>? projects = null)
    {
        var transactions = new JsonArray(Tx("title", title));
        if (description.Length > 0)
        {
            transactions.Add(Tx("description", description));
        }
        if (priority is not null)
        {
            transactions.Add(Tx("priority", priority));
        }
        if (status is not null)
        {
            transactions.Add(Tx("status", status));
        }
        if (owner is not null)
        {
            transactions.Add(Tx("owner", owner.Phid));
        }
        if (projects is not null)
        {
            transactions.Add(Tx("projects.add", new JsonArray([.. projects.Select(p => (JsonNode)p)])));
        }
        return Phorge.Edit(author, null, transactions).Task;
    }

    /// <summary>Edits a task as another user (a "remote change"): real transactions, dateModified from the clock, firehose webhook if enabled.</summary>
    public IReadOnlyList<PhorgeTransaction> EditTask(PhorgeUser actor, string objectIdentifier, params (string Type, JsonNode? Value)[] transactions)
    {
        var (task, applied) = Phorge.Edit(actor, objectIdentifier, new JsonArray([.. transactions.Select(t => (JsonNode)Tx(t.Type, t.Value))]));
        if (applied.Count > 0)
        {
            QueueFirehose(task.Phid, applied);
        }
        return applied;
    }

    private static JsonObject Tx(string type, JsonNode? value) => new() { ["type"] = type, ["value"] = value };

    // ---------------------------------------------------------------- webhooks

    /// <summary>After every applied edit (Conduit or <see cref="EditTask"/>), deliver a firehose webhook to <paramref name="url"/> in the background.</summary>
    public void EnableFirehose(Uri url, string hmacKey) => _firehose = (url, hmacKey, PhorgeIds.Phid("HWBH"));

    public void DisableFirehose() => _firehose = null;

    /// <summary>Waits for background firehose deliveries started so far.</summary>
    public async Task WaitForWebhooksAsync()
    {
        while (_pendingWebhooks.TryDequeue(out var delivery))
        {
            await delivery;
        }
    }

    private void QueueFirehose(string taskPhid, IReadOnlyList<PhorgeTransaction> applied)
    {
        if (_firehose is { } hook)
        {
            var body = WebhookBody(taskPhid, hook.WebhookPhid, test: false, applied.Select(x => x.Phid).Reverse());
            _pendingWebhooks.Enqueue(Task.Run(async () =>
            {
                try
                {
                    await PostWebhookAsync(hook.Url, hook.Key, body, CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    // Phorge retries failed deliveries later; the fake just drops them.
                }
            }));
        }
    }

    /// <summary>
    /// Delivers a Herald webhook for a task, pretty-printed and signed exactly like fixtures 70/71.
    /// Without <paramref name="transactionPhids"/>: a test call lists up to 10 recent transactions of the
    /// object; a firehose delivery lists the transactions of its latest edit. Newest first either way.
    /// </summary>
    public async Task<WebhookDelivery> DeliverWebhookAsync(Uri url, string hmacKey, string taskIdentifier, bool test = false,
        IEnumerable<string>? transactionPhids = null, CancellationToken cancellationToken = default)
    {
        var task = Phorge.FindTask(taskIdentifier) ?? throw new ArgumentException($"no task {taskIdentifier}", nameof(taskIdentifier));
        var history = Phorge.TransactionsOf(task.Phid);
        var phids = transactionPhids?.ToList() ?? (test
            ? [.. history.Take(10).Select(x => x.Phid)]
            : [.. history.TakeWhile(x => x.GroupId == history[0].GroupId).Select(x => x.Phid)]);
        var body = WebhookBody(task.Phid, test ? HeraldApplicationPhid : PhorgeIds.Phid("HWBH"), test, phids);
        return await PostWebhookAsync(url, hmacKey, body, cancellationToken);
    }

    private static string WebhookBody(string objectPhid, string triggerPhid, bool test, IEnumerable<string> transactionPhids)
    {
        var body = new JsonObject
        {
            ["object"] = new JsonObject { ["type"] = "TASK", ["phid"] = objectPhid },
            ["triggers"] = new JsonArray(new JsonObject { ["phid"] = triggerPhid }),
            ["action"] = new JsonObject
            {
                ["test"] = test,
                ["silent"] = false,
                ["secure"] = false,
                ["epoch"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
            },
            ["transactions"] = new JsonArray([.. transactionPhids.Select(p => (JsonNode)new JsonObject { ["phid"] = p })]),
        };
        // PHP's JSON_PRETTY_PRINT: 2-space indent, "key": value, and the worker appends a newline.
        return body.ToJsonString(PrettyJson) + "\n";
    }

    /// <summary>Posts an exact body with Phorge's headers; the signature is lowercase hex HMAC-SHA256 of the raw bytes.</summary>
    public static async Task<WebhookDelivery> PostWebhookAsync(Uri url, string hmacKey, string body, CancellationToken cancellationToken,
        string? signatureOverride = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = signatureOverride ?? Sign(hmacKey, bytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "Arcanist/1.0 cURL/7.88.1");
        request.Headers.TryAddWithoutValidation(SignatureHeader, signature);
        using var response = await WebhookClient.SendAsync(request, cancellationToken);
        return new WebhookDelivery((int)response.StatusCode, body, signature);
    }

    public static string Sign(string hmacKey, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(hmacKey), body));

    // ---------------------------------------------------------------- HTTP

    private async Task HandleAsync(HttpContext context, string method)
    {
        _callCounts.AddOrUpdate(method, 1, (_, n) => n + 1);
        var fault = TakeFault(method);
        switch (fault)
        {
            case PhorgeFault.DelayFault delay:
                try
                {
                    await Task.Delay(delay.Duration, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                break;
            case PhorgeFault.ServerErrorFault:
                context.Response.StatusCode = 500;
                context.Response.ContentType = "text/html; charset=UTF-8";
                await context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Unhandled Exception</h1></body></html>");
                return;
            case PhorgeFault.RateLimitedFault limited:
                context.Response.StatusCode = 429;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("Too Many Requests\n");
                return;
            case PhorgeFault.HtmlFault:
                context.Response.ContentType = "text/html; charset=UTF-8";
                await context.Response.WriteAsync("<html><body>Bad Gateway</body></html>");
                return;
            case PhorgeFault.ErrorEnvelopeFault error:
                await WriteEnvelopeAsync(context, null, error.Code, error.Info);
                return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        JsonObject parameters;
        string? token;
        var flat = form is null || !form.ContainsKey("params");
        if (!flat)
        {
            try
            {
                parameters = JsonNode.Parse(form!["params"].ToString()) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                await WriteEnvelopeAsync(context, null, "ERR-CONDUIT-CORE", $"Invalid parameter information was passed to method '{method}'.");
                return;
            }
            token = (parameters["__conduit__"] as JsonObject)?["token"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        }
        else
        {
            var fields = form?.Where(f => f.Key is not ("output" or "__conduit__" or "api.token"))
                .Select(f => KeyValuePair.Create(f.Key, f.Value.ToString())) ?? [];
            parameters = ConduitParams.FromFlatForm(fields);
            token = form?["api.token"].ToString() is { Length: > 0 } flatToken ? flatToken : null;
        }
        var withoutToken = (JsonObject)parameters.DeepClone();
        withoutToken.Remove("__conduit__");
        Calls.Enqueue(new ConduitCall(method, withoutToken, token is null ? null : Phorge.UserByToken(token)?.Username, flat));

        JsonNode? result;
        try
        {
            result = Phorge.Execute(method, parameters, token);
        }
        catch (ConduitErrorException e)
        {
            await WriteEnvelopeAsync(context, null, e.Code, e.Info);
            return;
        }
        if (method == "maniphest.edit" && result is JsonObject edit && edit["transactions"] is JsonArray { Count: > 0 } xacts)
        {
            var phid = (string)edit["object"]!["phid"]!;
            var applied = Phorge.TransactionsOf(phid).Where(x => xacts.Any(a => (string)a!["phid"]! == x.Phid)).OrderBy(x => x.Id).ToList();
            QueueFirehose(phid, applied);
        }
        if (fault is PhorgeFault.DropAfterApplyFault)
        {
            context.Abort();
            return;
        }
        // Like Phorge behind any web server: the Date header is the server's clock (the poll reads it).
        context.Response.Headers.Date = Phorge.ServerTime.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        await WriteEnvelopeAsync(context, result, null, null);
    }

    private static async Task WriteEnvelopeAsync(HttpContext context, JsonNode? result, string? code, string? info)
    {
        var envelope = new JsonObject { ["result"] = result, ["error_code"] = code, ["error_info"] = info };
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.SetCookie = "phsid=A%2F" + PhorgeIds.Random(28) + "; path=/; httponly";
        await context.Response.WriteAsync(envelope.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        DisableFirehose();
        await WaitForWebhooksAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
