using ActionItems.Api.GraphQL.Paging;
using ActionItems.Core.Domain;

namespace ActionItems.Api.GraphQL.Queries;

public static class PersonOrderings
{
    public static KeysetOrdering<Person> ByName { get; } =
        new KeysetOrdering<Person, string>("NAME_ASC", p => p.DisplayName, p => p.Id, false);
}
