using GraphQL.Validation;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL;

/// <summary>GET must be safe: a mutation sent over GET is refused (GraphQL-over-HTTP §GET).</summary>
internal sealed class QueriesOnlyOverGetRule : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            if (operation.Operation != OperationType.Query && operation == ctx.Operation)
            {
                ctx.ReportError(new ValidationError(ctx.Document.Source, "GET_MUTATION",
                    "Only queries may be sent with GET; use POST for mutations.", operation));
            }
        }));
}
