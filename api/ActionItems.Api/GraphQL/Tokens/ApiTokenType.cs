using ActionItems.Api.GraphQL.Types;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Tokens;

public sealed class ApiTokenType : ObjectGraphType<ApiToken>
{
    public ApiTokenType()
    {
        Name = "ApiToken";
        Description = "An API token as `token list` shows it: never its secret (only a SHA-256 hash of it is stored).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<RoleGraphType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<StringGraphType>>("prefix")
            .Description("The secret's first characters (`ai_` and 7 more), to tell tokens apart.")
            .Resolve(c => c.Source.Prefix);
        Field<StringGraphType>("createdBy").Resolve(c => c.Source.CreatedBy);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<DateTimeGraphType>("lastUsedAt")
            .Description("When a request last authenticated with it, to the minute (written at most once a minute per token); null if never.")
            .Resolve(c => c.Source.LastUsedAt?.UtcDateTime);
        Field<DateTimeGraphType>("revokedAt").Resolve(c => c.Source.RevokedAt?.UtcDateTime);
    }
}
