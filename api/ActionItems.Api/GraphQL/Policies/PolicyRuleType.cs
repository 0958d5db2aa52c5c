using ActionItems.Application.Policies;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Policies;

/// <summary>A configured remediation policy rule (<c>Policies:Rules</c>, or the defaults).</summary>
public sealed class PolicyRuleType : ObjectGraphType<PolicyRule>
{
    public PolicyRuleType()
    {
        Name = "PolicyRule";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Stable name, as policyViolations(rule:) takes it.")
            .Resolve(c => c.Source.Name);
        Field<NonNullGraphType<EnumerationGraphType<PolicyKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IntGraphType>>("days").Description("The days the rule allows (for linking: a grace period, usually 0).")
            .Resolve(c => c.Source.Days);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnumerationGraphType<Priority>>>>>("priorities")
            .Description("The priorities the rule applies to; empty: every priority.")
            .Resolve(c => c.Source.Priorities);
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
    }
}
