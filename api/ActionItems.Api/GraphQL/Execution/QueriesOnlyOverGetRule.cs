using GraphQL.Validation;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>GET must be safe: a mutation sent over GET is refused (GraphQL-over-HTTP §GET) with 405.</summary>
internal sealed class QueriesOnlyOverGetRule : ValidationRuleBase
{
    public static QueriesOnlyOverGetRule Instance { get; } = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            if (operation.Operation != OperationType.Query && operation == ctx.Operation)
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, ErrorCodes.MethodNotAllowed,
                    "Only queries may be sent with GET; use POST for mutations.", operation)
                { Code = ErrorCodes.MethodNotAllowed });
            }
        }));
}
