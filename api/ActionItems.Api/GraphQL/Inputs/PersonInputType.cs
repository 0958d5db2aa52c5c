using ActionItems.Application.People;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>The person input of both person mutations: <c>Id</c> only for updatePerson.</summary>
public sealed record PersonInput(long? Id, PersonFields Fields);

/// <summary>createPerson needs displayName; updatePerson needs id and changes only the fields given (null clears).</summary>
public sealed class PersonInputType : InputObjectGraphType<PersonInput>
{
    public PersonInputType()
    {
        Name = "PersonInput";
        Field<IdGraphType>("id").Description("Only for updatePerson.");
        Field<StringGraphType>("displayName");
        Field<StringGraphType>("phabricatorUsername");
        Field<StringGraphType>("phabricatorPhid");
        Field<StringGraphType>("gitHubLogin");
        Field<StringGraphType>("email");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new PersonInput(
        InputValues.OptionalId(value, "id").Or(null),
        new PersonFields
        {
            DisplayName = InputValues.Optional<string?>(value, "displayName"),
            PhabricatorUsername = InputValues.Optional<string?>(value, "phabricatorUsername"),
            PhabricatorPhid = InputValues.Optional<string?>(value, "phabricatorPhid"),
            GitHubLogin = InputValues.Optional<string?>(value, "gitHubLogin"),
            Email = InputValues.Optional<string?>(value, "email"),
        });
}
