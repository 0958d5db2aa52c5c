using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class PersonType : ObjectGraphType<Person>
{
    public PersonType()
    {
        Name = "Person";
        Description = "Someone who can own action items, with the tracker accounts used to map owners both ways.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("displayName").Resolve(c => c.Source.DisplayName);
        Field<StringGraphType>("phabricatorUsername").Resolve(c => c.Source.PhabricatorUsername);
        Field<StringGraphType>("phabricatorPhid").Resolve(c => c.Source.PhabricatorPhid);
        Field<StringGraphType>("gitHubLogin").Resolve(c => c.Source.GitHubLogin);
        Field<StringGraphType>("email").Resolve(c => c.Source.Email);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
    }
}
