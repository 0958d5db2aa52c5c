using GraphQL.Validation;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// GET must be safe: a mutation sent over GET is refused (GraphQL-over-HTTP §GET) with 405. Registered once for
/// every request, cached documents included; the endpoint marks GET requests in the user context, since the
/// validation context knows nothing of HTTP.
/// </summary>
internal sealed class QueriesOnlyOverGetRule : ValidationRuleBase
{
    private const string OverGetKey = "actionitems:overGet";

    public static QueriesOnlyOverGetRule Instance { get; } = new();

    /// <summary>The user context of a request that came over GET.</summary>
    public static Dictionary<string, object?> GetRequestContext() => new() { [OverGetKey] = true };

    public static bool IsOverGet(IDictionary<string, object?> userContext) => userContext.ContainsKey(OverGetKey);

    public const string Message = "Only queries may be sent with GET; use POST for mutations.";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(context.UserContext.ContainsKey(OverGetKey) ? Visitor : null);

    private static readonly INodeVisitor Visitor = new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
    {
        if (operation.Operation != OperationType.Query && operation == ctx.Operation)
        {
            ctx.ReportError(new ValidationError(ctx.Document.Source, ErrorCodes.MethodNotAllowed,
                Message, operation)
            { Code = ErrorCodes.MethodNotAllowed });
        }
    });
}
