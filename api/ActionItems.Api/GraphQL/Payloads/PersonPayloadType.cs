using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class PersonPayloadType : ObjectGraphType<PersonPayload>
{
    public PersonPayloadType()
    {
        Name = "PersonPayload";
        Field<PersonType>("person").Resolve(c => c.Source.Person);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}
