using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Api.GraphQL.Payloads;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Tokens;

/// <summary>
/// API token management for admins, the GraphQL twin of <c>token list</c> and <c>token revoke</c> (Cli/TokenCommand.cs).
/// Tokens are created on the command line only: a secret is shown once, and a GraphQL answer travels through proxies
/// and browser tools that may keep it.
/// </summary>
public static class ApiTokenSchemaFields
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApiTokenType>>>>("apiTokens")
            .Description("Every API token, oldest first (admin). Never a secret: only the prefix that tells tokens apart.")
            .RequireRole(Roles.Admin)
            .Argument<BooleanGraphType>("includeRevoked", a =>
            {
                a.Description = "Also list revoked tokens (with revokedAt).";
                a.DefaultValue = false;
            })
            .Resolve().WithService<ApiTokens>()
            .ResolveAsync(async (c, tokens) =>
            {
                var all = await tokens.ListAsync(c.CancellationToken);
                return c.GetArgument("includeRevoked", false) ? all : all.Where(t => t.RevokedAt is null).ToList();
            });

    public static void AddMutations(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ApiTokenPayloadType>>("revokeApiToken")
            .Description("Revokes a token at once, in every process on the database (admin). An unknown id is NOT_FOUND, a revoked token VALIDATION.")
            .RequireRole(Roles.Admin)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<ApiTokens>()
            .ResolveAsync(async (c, tokens) =>
            {
                var result = await tokens.RevokeAsync(QueryType.Id(c, "id"), c.CancellationToken);
                return c.AfterChange(new ApiTokenPayload(result.Value, MutationErrors.From(result.Errors)));
            });
}
