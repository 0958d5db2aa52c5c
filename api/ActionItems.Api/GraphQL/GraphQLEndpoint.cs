using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;

namespace ActionItems.Api.GraphQL;

/// <summary>
/// The GraphQL-over-HTTP endpoint: POST with a JSON body, GET for queries. No server-transport package
/// is available for GraphQL.NET here, so this is the small handler the spec asks for.
/// </summary>
public static class GraphQLEndpoint
{
    public const string Path = "/graphql";
    public const string ResponseContentType = "application/graphql-response+json; charset=utf-8";

    public static IEndpointRouteBuilder MapActionItemsGraphQL(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, PostAsync);
        app.MapGet(Path, GetAsync);
        return app;
    }

    private static async Task PostAsync(HttpContext http, IGraphQLTextSerializer serializer,
        IDocumentExecuter<ActionItemsSchema> executer)
    {
        var contentType = http.Request.ContentType;
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteRequestErrorAsync(http, serializer, StatusCodes.Status415UnsupportedMediaType,
                "POST /graphql needs Content-Type: application/json.");
            return;
        }

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (JsonException e)
        {
            await WriteRequestErrorAsync(http, serializer, StatusCodes.Status400BadRequest,
                $"The request body is not valid JSON: {e.Message}");
            return;
        }
        await ExecuteAsync(http, serializer, executer, request);
    }

    private static async Task GetAsync(HttpContext http, IGraphQLTextSerializer serializer,
        IDocumentExecuter<ActionItemsSchema> executer)
    {
        var query = http.Request.Query;
        Inputs? variables = null;
        if (query["variables"].ToString() is { Length: > 0 } variablesJson)
        {
            try
            {
                variables = serializer.Deserialize<Inputs>(variablesJson);
            }
            catch (JsonException e)
            {
                await WriteRequestErrorAsync(http, serializer, StatusCodes.Status400BadRequest,
                    $"The 'variables' parameter is not valid JSON: {e.Message}");
                return;
            }
        }
        var request = new GraphQLRequest
        {
            Query = query["query"].ToString(),
            OperationName = query["operationName"].ToString() is { Length: > 0 } name ? name : null,
            Variables = variables,
        };
        await ExecuteAsync(http, serializer, executer, request, allowMutations: false);
    }

    private static async Task ExecuteAsync(HttpContext http, IGraphQLTextSerializer serializer,
        IDocumentExecuter<ActionItemsSchema> executer, GraphQLRequest? request, bool allowMutations = true)
    {
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await WriteRequestErrorAsync(http, serializer, StatusCodes.Status400BadRequest,
                "The request has no 'query'.");
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
            ValidationRules = allowMutations
                ? DocumentValidator.CoreRules
                : [.. DocumentValidator.CoreRules, new QueriesOnlyOverGetRule()],
        });

        // A request that never executed (parse/validation error) is the client's fault: 400, per the spec.
        http.Response.StatusCode = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        http.Response.ContentType = ResponseContentType;
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }

    private static async Task WriteRequestErrorAsync(HttpContext http, IGraphQLTextSerializer serializer,
        int statusCode, string message)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = ResponseContentType;
        var result = new ExecutionResult { Errors = [new ExecutionError(message) { Code = "PARSE_ERROR" }] };
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
