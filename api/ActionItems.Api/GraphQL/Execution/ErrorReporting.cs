using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.Exceptions;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Shapes every error a client sees: a message meant for people and <c>extensions.code</c>. Expected
/// problems keep their message; anything unexpected is logged with a correlation id and the client gets
/// only that id — never a stack trace, an exception type or SQL text.
/// </summary>
public sealed class ErrorReporting : IErrorInfoProvider
{
    private const string CorrelationIdKey = "actionitems:correlationId";

    /// <summary>Runs for every exception a resolver (or a batch load) throws.</summary>
    public static void Handle(UnhandledExceptionContext context)
    {
        var options = context.ExecutionOptions;
        var exception = context.OriginalException;
        if (DatabaseOutage.IsOutage(exception))
        {
            // Not a bug: one warning line per request, no stack trace; the answer is 503 (DatabaseOutageMiddleware).
            var signal = options.RequestServices?.GetService<DatabaseOutageSignal>();
            if (signal is not { Seen: true })
            {
                signal?.Seen = true;
                options.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger<ErrorReporting>()
                    .LogWarning("Database unavailable in GraphQL field {Field}: {Reason}",
                    context.FieldContext?.FieldDefinition.Name ?? "(request)", DatabaseOutage.Describe(exception));
            }
            context.ErrorMessage = DatabaseOutageMiddleware.Message;
            return;
        }
        if (KnownCode(exception) is not null)
        {
            context.ErrorMessage = exception.Message;
            return;
        }
        var correlationId = Guid.NewGuid().ToString("N")[..12];
        context.Exception.Data[CorrelationIdKey] = correlationId;
        var logger = options.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger<ErrorReporting>();
        logger?.LogError(exception, "GraphQL request failed unexpectedly (correlation id {CorrelationId}) in {Field}",
            correlationId, context.FieldContext?.FieldDefinition.Name ?? "(request)");
        context.ErrorMessage = $"Internal error; it has been logged with correlation id {correlationId}.";
    }

    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        var extensions = new Dictionary<string, object?>();
        var inner = executionError.InnerException;
        string code;
        if (executionError is UnhandledError)
        {
            code = KnownCode(inner!) ?? ErrorCodes.Internal;
            if (inner is DomainValidationException validation)
            {
                extensions["field"] = validation.Field;
            }
            if (inner?.Data[CorrelationIdKey] is string correlationId)
            {
                extensions["correlationId"] = correlationId;
            }
        }
        else if (executionError is SyntaxError || inner is GraphQLSyntaxErrorException)
        {
            code = ErrorCodes.ParseError;
        }
        else if (executionError.Code is ErrorCodes.Unauthenticated or ErrorCodes.Forbidden or ErrorCodes.ParseError
                 or ErrorCodes.MethodNotAllowed or ErrorCodes.NotAcceptable or ErrorCodes.Timeout or ErrorCodes.NotFound
                 or ErrorCodes.Conflict)
        {
            code = executionError.Code;
        }
        else
        {
            // Every other validation failure (unknown field, bad argument, depth, complexity, page size).
            code = ErrorCodes.Validation;
        }
        extensions["code"] = code;
        return new ErrorInfo { Message = executionError.Message, Extensions = extensions };
    }

    private static string? KnownCode(Exception exception) => exception switch
    {
        GraphQLRequestException e => e.Code,
        DomainValidationException => ErrorCodes.Validation,
        _ when DatabaseOutage.IsOutage(exception) => ErrorCodes.Unavailable,
        ExtractionException => ErrorCodes.ParseError,
        _ => null,
    };
}
