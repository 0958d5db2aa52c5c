using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class MutationErrorType : ObjectGraphType<MutationError>
{
    public MutationErrorType()
    {
        Name = "MutationError";
        Description = "Why a mutation did not (fully) happen. code is stable; message is for people; field names the input at fault.";
        Field<NonNullGraphType<EnumerationGraphType<MutationErrorCode>>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
        Field<StringGraphType>("field").Resolve(c => c.Source.Field);
    }
}
