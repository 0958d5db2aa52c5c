using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// The cheap checks between parsing and GraphQL.NET's validation rules, on every request (cached documents too):
/// the document is parsed here (a parse failure of any kind is one <c>PARSE_ERROR</c>, logged at debug level
/// without the query), measured against <see cref="DocumentBudget"/> (one <c>VALIDATION</c> error), and a caller
/// without credentials asking for anything but public fields gets one <c>UNAUTHENTICATED</c> error — all before
/// any rule whose cost can grow faster than the document. Requests with bad credentials never get here
/// (GraphQLEndpoint answers them 401 first).
/// </summary>
public sealed class DocumentAdmission : IConfigureExecution
{
    /// <summary>After <see cref="ValidatedDocumentCache"/> (200), which hands over a cached document or none.</summary>
    public float SortOrder => 300;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var services = options.RequestServices ?? throw new InvalidOperationException("GraphQL runs with request services.");
        if (options.Document is null && options.Query is { } query)
        {
            try
            {
                options.Document = services.GetRequiredService<IDocumentBuilder>().Build(query);
            }
            catch (GraphQLParserException e)
            {
                return Refused(ErrorCodes.ParseError, ParseErrorMessage(e), services);
            }
        }
        if (options.Document is not { } document)
        {
            return await next(options);
        }
        var schema = options.Schema ?? services.GetRequiredService<ActionItemsSchema>();
        schema.Initialize();
        var budget = DocumentBudget.Measure(document, services.GetRequiredService<IOptions<GraphQLOptions>>().Value, schema);
        // A mutation over GET is refused as such (405) whoever sends it, as QueriesOnlyOverGetRule does for cached documents.
        if (QueriesOnlyOverGetRule.IsOverGet(options.UserContext) && document.Definitions.OfType<GraphQLOperationDefinition>()
                .Any(o => o.Operation != OperationType.Query && (options.OperationName is null || o.Name?.StringValue == options.OperationName)))
        {
            return Refused(ErrorCodes.MethodNotAllowed, QueriesOnlyOverGetRule.Message, services);
        }
        // No credentials: one 401 for the first field that needs some, rather than an error per field.
        if (options.User?.Identity?.IsAuthenticated != true && budget.FirstProtectedRootField is { } field)
        {
            return Refused(ErrorCodes.Unauthenticated,
                $"'{field}' needs an authenticated caller: send 'Authorization: Bearer <token>'.", services);
        }
        if (budget.Refusal is { } refusal)
        {
            return Refused(ErrorCodes.Validation, refusal, services);
        }
        return await next(options);
    }

    /// <summary>What went wrong and where, in the parser's words, never an exception type.</summary>
    private static string ParseErrorMessage(GraphQLParserException e) => e switch
    {
        GraphQLMaxDepthExceededException =>
            $"The document nests too deeply to parse (selections, lists or objects nested around {e.Location.Line}:{e.Location.Column}).",
        _ => $"The document is not valid GraphQL: {e.Description.TrimEnd('.')} (line {e.Location.Line}, column {e.Location.Column}).",
    };

    private static ExecutionResult Refused(string code, string message, IServiceProvider services)
    {
        // A client's mistake, not the server's: no stack trace and no query text (it may hold anything, and be 64 KB).
        services.GetService<ILoggerFactory>()?.CreateLogger<DocumentAdmission>()
            .LogDebug("GraphQL document refused before validation: {Code} {Message}", code, message);
        return new ExecutionResult { Executed = false, Errors = [new ExecutionError(message) { Code = code }] };
    }
}
