using ActionItems.Api.GraphQL.Types;
using ActionItems.Application.Policies;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Policies;

public sealed class PolicyViolationType : ObjectGraphType<PolicyViolation>
{
    public PolicyViolationType()
    {
        Name = "PolicyViolation";
        Field<NonNullGraphType<ActionItemType>>("item").Resolve(c => c.Source.Item);
        Field<NonNullGraphType<StringGraphType>>("rule").Description("The rule's name.").Resolve(c => c.Source.Rule.Name);
        Field<NonNullGraphType<DateTimeGraphType>>("since")
            .Description("When the item started violating the rule, e.g. opened + 7 days for an owner rule of 7 days.")
            .Resolve(c => c.Source.Since.UtcDateTime);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}
