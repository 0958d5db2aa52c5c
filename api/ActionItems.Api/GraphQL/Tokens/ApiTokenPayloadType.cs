using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Tokens;

public sealed record ApiTokenPayload(ApiToken? ApiToken, IReadOnlyList<MutationError> Errors);

public sealed class ApiTokenPayloadType : ObjectGraphType<ApiTokenPayload>
{
    public ApiTokenPayloadType()
    {
        Name = "ApiTokenPayload";
        Field<ApiTokenType>("apiToken").Resolve(c => c.Source.ApiToken);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
