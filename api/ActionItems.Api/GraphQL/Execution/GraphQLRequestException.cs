namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// A problem with what the client asked (bad cursor, unknown id in a query argument, a limit): surfaces as
/// a GraphQL error whose <c>extensions.code</c> is <see cref="Code"/> and whose message is shown as is.
/// </summary>
public sealed class GraphQLRequestException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
