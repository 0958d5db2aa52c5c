using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>createPerson needs displayName; updatePerson needs id and changes only the fields given (null clears).</summary>
public sealed class PersonInputType : InputObjectGraphType
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
}
