using ActionItems.Api.GraphQL.Execution;
using ActionItems.Application.Policies;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Policies;

/// <summary>The remediation policy reads, added to the query root with one line (role viewer, as every query).</summary>
public static class PolicySchemaFields
{
    public const int DefaultFirst = 100;

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PolicyRuleType>>>>("policies")
            .Description("The configured remediation policy rules (Policies:Rules, else the defaults).")
            .Resolve().WithService<PolicyOptions>()
            .Resolve((_, options) => options.Rules);

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PolicyViolationType>>>>("policyViolations")
            .Description("Open, unarchived items that break a policy rule, the oldest violation (since) first; an item breaking several rules is listed once per rule.")
            .Argument<StringGraphType>("rule", "Only this rule (its name); an unknown name is a VALIDATION error.")
            .Argument<StringGraphType>("team", "Only items of this team.")
            .Argument<IdGraphType>("incidentId", "Only items of this incident.")
            .Argument<IntGraphType>("first", a =>
            {
                a.Description = $"At most this many (0 to {PolicyViolations.MaxFirst}).";
                a.DefaultValue = DefaultFirst;
            })
            .Resolve().WithService<PolicyViolations>()
            .ResolveAsync(async (c, policies) =>
            {
                long? incidentId = c.GetArgument<object?>("incidentId") is null ? null : QueryType.Id(c, "incidentId");
                var result = await policies.ListAsync(
                    new PolicyViolationFilter(c.GetArgument<string?>("rule"), c.GetArgument<string?>("team"), incidentId),
                    c.GetArgument("first", DefaultFirst), c.CancellationToken);
                return result.Succeeded ? result.Value : throw new GraphQLRequestException(ErrorCodes.Validation, result.Errors[0].Message);
            });
    }
}
