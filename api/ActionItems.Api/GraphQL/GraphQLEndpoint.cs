using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.Hosting;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ActionItems.Api.GraphQL;

/// <summary>
/// The GraphQL-over-HTTP endpoint: POST with a JSON body, GET for queries. No server-transport package
/// is available for GraphQL.NET here, so this is the small handler the spec asks for. Everything a
/// client can get wrong about the request itself is answered with a 4xx and a GraphQL error body, and bad credentials
/// with 401 before the document is read. Parsing and the document budget (DocumentAdmission), validation and the
/// document cache run inside GraphQL.NET's executer (GraphQLRegistration); this handles HTTP.
/// </summary>
public static class GraphQLEndpoint
{
    public const string Path = "/graphql";

    /// <summary>Documents at least this long (UTF-8 bytes) count as large: hand-written queries are a few hundred bytes.</summary>
    public const int LargeDocumentBytes = 8 * 1024;

    /// <summary>
    /// Large documents are parsed and validated at most this many at a time (half the cores): parsing 64 KB takes
    /// 10+ ms of CPU and allocates a tree of thousands of nodes, so clients sending them back to back would otherwise
    /// take every core and the GC's pauses from everyone (docs/benchmarks.md, "GraphQL under attack").
    /// </summary>
    private static readonly SemaphoreSlim LargeDocuments = new(Math.Max(1, Environment.ProcessorCount / 2));

    public static IEndpointRouteBuilder MapActionItemsGraphQL(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<GraphQLOptions>>().Value;
        app.MapPost(Path, PostAsync).WithBodyLimit(limits.MaxRequestBytes);
        app.MapGet(Path, GetAsync);
        return app;
    }

    private static async Task PostAsync(HttpContext http, IGraphQLTextSerializer serializer,
        IDocumentExecuter<ActionItemsSchema> executer, IOptions<GraphQLOptions> options)
    {
        if (await NegotiateAsync(http, serializer) is not { } mediaType)
        {
            return;
        }
        if (await RefusedBadCredentialsAsync(http, serializer, mediaType))
        {
            return;
        }
        var limits = options.Value;
        if (!IsJson(http.Request.ContentType))
        {
            await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.ParseError, "POST /graphql needs Content-Type: application/json.");
            return;
        }

        var body = await BoundedBody.ReadAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status413PayloadTooLarge, ErrorCodes.Validation,
                $"The request body is larger than {limits.MaxRequestBytes} bytes (GraphQL:MaxRequestBytes).");
            return;
        }
        switch (FirstToken(body))
        {
            case (byte)'[':
                await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.ParseError,
                    "Batched requests (a JSON array) are not supported; send one request object per HTTP request.");
                return;
            case not (byte)'{':
                await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.ParseError,
                    "The request body must be a JSON object with a 'query'.");
                return;
        }

        GraphQLRequest? request;
        try
        {
            request = serializer.Deserialize<GraphQLRequest>(Encoding.UTF8.GetString(body));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.ParseError,
                $"The request body is not a valid GraphQL request{Where(e)}: a JSON object with 'query' (a string), optional 'variables' (an object) and 'operationName' (a string).");
            return;
        }
        await ExecuteAsync(http, serializer, mediaType, executer, limits, request, overGet: false);
    }

    private static async Task GetAsync(HttpContext http, IGraphQLTextSerializer serializer,
        IDocumentExecuter<ActionItemsSchema> executer, IOptions<GraphQLOptions> options)
    {
        if (await NegotiateAsync(http, serializer) is not { } mediaType)
        {
            return;
        }
        if (await RefusedBadCredentialsAsync(http, serializer, mediaType))
        {
            return;
        }
        var query = http.Request.Query;
        global::GraphQL.Inputs? variables = null;
        if (query["variables"].ToString() is { Length: > 0 } variablesJson)
        {
            try
            {
                variables = serializer.Deserialize<global::GraphQL.Inputs>(variablesJson);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.ParseError,
                    $"The 'variables' parameter is not a JSON object{Where(e)}.");
                return;
            }
        }
        var request = new GraphQLRequest
        {
            Query = query["query"].ToString(),
            OperationName = query["operationName"].ToString() is { Length: > 0 } name ? name : null,
            Variables = variables,
        };
        await ExecuteAsync(http, serializer, mediaType, executer, options.Value, request, overGet: true);
    }

    /// <summary>The response's media type from the request's Accept; null after answering 406 when none fits.</summary>
    private static async Task<ResponseMediaType?> NegotiateAsync(HttpContext http, IGraphQLTextSerializer serializer)
    {
        if (ResponseMediaType.Negotiate(http.Request.Headers.Accept) is { } mediaType)
        {
            return mediaType;
        }
        // The client accepts neither type; plain JSON is the most likely to be read anyway.
        await WriteRequestErrorAsync(http, serializer, ResponseMediaType.Json, StatusCodes.Status406NotAcceptable,
            ErrorCodes.NotAcceptable,
            "GraphQL responses are application/graphql-response+json or application/json; the Accept header allows neither.");
        return null;
    }

    private static async Task ExecuteAsync(HttpContext http, IGraphQLTextSerializer serializer, ResponseMediaType mediaType,
        IDocumentExecuter<ActionItemsSchema> executer, GraphQLOptions limits, GraphQLRequest? request, bool overGet)
    {
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.ParseError,
                "The request has no 'query'.");
            return;
        }
        var documentBytes = Encoding.UTF8.GetByteCount(request.Query);
        if (documentBytes > limits.MaxDocumentBytes)
        {
            await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status413PayloadTooLarge, ErrorCodes.Validation,
                $"The query document is larger than {limits.MaxDocumentBytes} bytes (GraphQL:MaxDocumentBytes).");
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(limits.RequestTimeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, http.RequestAborted);
        ExecutionResult result;
        var holdsLargeDocumentSlot = false;
        try
        {
            if (documentBytes >= LargeDocumentBytes)
            {
                // Waiting counts against the request's time limit, like the work itself.
                await LargeDocuments.WaitAsync(linked.Token);
                holdsLargeDocumentSlot = true;
            }
            result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = request.Query,
                OperationName = request.OperationName,
                Variables = request.Variables,
                Extensions = request.Extensions,
                RequestServices = http.RequestServices,
                User = http.User,
                CancellationToken = linked.Token,
                UserContext = overGet ? QueriesOnlyOverGetRule.GetRequestContext() : new Dictionary<string, object?>(),
            });
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status504GatewayTimeout, ErrorCodes.Timeout,
                $"The request took longer than {limits.RequestTimeoutSeconds} s (GraphQL:RequestTimeoutSeconds) and was stopped.");
            return;
        }
        finally
        {
            if (holdsLargeDocumentSlot)
            {
                LargeDocuments.Release();
            }
        }

        http.Response.StatusCode = StatusFor(result, mediaType);
        if (http.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            http.Response.Headers.Allow = "POST";
        }
        else if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }
        http.Response.ContentType = mediaType.ContentType;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    /// <summary>
    /// A request that executed is 200 even with field errors (GraphQL-over-HTTP); one refused before
    /// execution is the client's fault: 405 for a mutation over GET, else, unless the client asked for
    /// application/json (200 with the errors), 401/403 for auth and 400 for the rest.
    /// </summary>
    private static int StatusFor(ExecutionResult result, ResponseMediaType mediaType)
    {
        if (result.Executed)
        {
            return StatusCodes.Status200OK;
        }
        var codes = result.Errors?.Select(e => e.Code).ToHashSet() ?? [];
        return codes.Contains(ErrorCodes.MethodNotAllowed) ? StatusCodes.Status405MethodNotAllowed
            : !mediaType.StatusFromErrors ? StatusCodes.Status200OK
            : codes.Contains(ErrorCodes.Unauthenticated) ? StatusCodes.Status401Unauthorized
            : codes.Contains(ErrorCodes.Forbidden) ? StatusCodes.Status403Forbidden
            : StatusCodes.Status400BadRequest;
    }

    /// <summary>
    /// <c>application/json</c>, optionally with parameters; a charset must be UTF-8 (the body is read as UTF-8).
    /// Parsed as a media type, so <c>application/jsonx</c> or <c>application/json-seq</c> are not mistaken for it.
    /// </summary>
    internal static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) &&
        parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
        (!parsed.Charset.HasValue || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) ||
         parsed.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    /// <summary>Where in the JSON the problem is, without the serializer's message (it names .NET types).</summary>
    private static string Where(Exception e) => e is JsonException { Path: { Length: > 0 } path } ? $" (at {path})" : "";

    /// <summary>
    /// A request that sends credentials the server does not accept (an unknown or revoked API token, a JWT that
    /// does not validate, another scheme) is answered 401 at once, before its document is even read: it is never
    /// downgraded to anonymous or to the public fields, and it costs no parsing.
    /// </summary>
    private static async Task<bool> RefusedBadCredentialsAsync(HttpContext http, IGraphQLTextSerializer serializer,
        ResponseMediaType mediaType)
    {
        if (CredentialRefusal.Describe(http) is not { } message)
        {
            return false;
        }
        http.Response.Headers.WWWAuthenticate = CredentialRefusal.InvalidTokenChallenge;
        await WriteRequestErrorAsync(http, serializer, mediaType, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, message);
        return true;
    }

    private static byte FirstToken(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return b;
            }
        }
        return 0;
    }

    private static async Task WriteRequestErrorAsync(HttpContext http, IGraphQLTextSerializer serializer,
        ResponseMediaType mediaType, int statusCode, string code, string message)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = mediaType.ContentType;
        var result = new ExecutionResult { Errors = [new ExecutionError(message) { Code = code }] };
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
