using ActionItems.Api.GraphQL.Execution;
using ActionItems.Application;

namespace ActionItems.Api.GraphQL.Payloads;

/// <summary>Use-case errors in the schema's vocabulary.</summary>
public static class MutationErrors
{
    /// <summary>
    /// Expected failures become payload errors. An access error becomes a request error: the role rule refuses such
    /// requests before anything runs, so reaching here means a field declared a weaker role than its use case needs.
    /// </summary>
    public static IReadOnlyList<MutationError> From(IReadOnlyList<UseCaseError> errors) =>
        [.. errors.Select(e => new MutationError(e.Kind switch
        {
            ErrorKind.NotFound => MutationErrorCode.NotFound,
            ErrorKind.Validation or ErrorKind.NotAPostmortem => MutationErrorCode.Validation,
            ErrorKind.Conflict => MutationErrorCode.Conflict,
            ErrorKind.ParseError => MutationErrorCode.ParseError,
            ErrorKind.ImportFailed => MutationErrorCode.ImportFailed,
            ErrorKind.Forbidden => throw new GraphQLRequestException(ErrorCodes.Forbidden, e.Message),
            _ => throw new GraphQLRequestException(ErrorCodes.Unauthenticated, e.Message),
        }, e.Message, e.Field))];
}
