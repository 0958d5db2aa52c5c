using ActionItems.Api.Auth;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Refuses, at validation time (so before any resolver or SQL runs), every root field the caller's role
/// does not allow: no principal → UNAUTHENTICATED, a principal without the role → FORBIDDEN. One error per
/// document (the first field refused), not one per field: 2,000 refused fields would be a 300 KB answer.
/// (Callers without credentials are usually refused earlier, by DocumentAdmission.)
/// </summary>
internal sealed class RoleAuthorizationRule : ValidationRuleBase
{
    public static RoleAuthorizationRule Instance { get; } = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var reported = false;
        return new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            if (reported)
            {
                return;
            }
            var parent = ctx.TypeInfo.GetParentType();
            var isMutation = parent is not null && parent == ctx.Schema.Mutation;
            if (parent is null || (parent != ctx.Schema.Query && !isMutation) || field.Name.Value == "__typename")
            {
                return;
            }
            var definition = ctx.TypeInfo.GetFieldDef();
            if (definition is null)
            {
                return;
            }
            var role = RoleRequirement.RequiredRole(definition, isMutation);
            if (role is null)
            {
                return;
            }
            var user = ctx.User;
            if (user?.Identity?.IsAuthenticated != true)
            {
                reported = true;
                ctx.ReportError(new ValidationError(ctx.Document.Source, ErrorCodes.Unauthenticated,
                    $"'{field.Name.Value}' needs an authenticated caller with role '{role}'.", field)
                { Code = ErrorCodes.Unauthenticated });
            }
            else if (!user.IsInRole(role))
            {
                reported = true;
                ctx.ReportError(new ValidationError(ctx.Document.Source, ErrorCodes.Forbidden,
                    $"'{field.Name.Value}' needs role '{role}'; {(user.IsAnonymous() ? "anonymous access only reads" : $"'{user.Identity.Name}' does not have it")}.",
                    field)
                { Code = ErrorCodes.Forbidden });
            }
        }));
    }
}
