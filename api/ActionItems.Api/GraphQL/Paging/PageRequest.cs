using ActionItems.Api.GraphQL.Execution;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation;

namespace ActionItems.Api.GraphQL.Paging;

/// <summary>Relay paging arguments of one connection field: forwards (first/after) or backwards (last/before).</summary>
public sealed record PageRequest(int Size, string? After, string? Before, bool Backwards, bool WantsTotalCount)
{
    /// <summary>Whether <c>edges</c>, <c>nodes</c> or <c>pageInfo</c> is selected: without them the page query is not run.</summary>
    public bool WantsRows { get; init; } = true;

    /// <summary>
    /// The field and its arguments as written (normalized), under which a root connection's loads are shared by every
    /// alias of the same field with the same arguments in one request; null when not shared.
    /// </summary>
    public string? LoadKey { get; init; }

    /// <summary>Per-request store of shared loads (the request's user context); null when not shared.</summary>
    public IDictionary<string, object?>? SharedLoads { get; init; }

    public static PageRequest From(IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        var backwards = last is not null && first is null;
        // By field name, not response key: an alias of totalCount still wants the count.
        var selected = context.SubFields?.Values.Select(f => f.Field.Name.StringValue).ToHashSet(StringComparer.Ordinal) ?? [];
        var atRoot = context.ParentType is { } parent && parent == context.Schema.Query;
        return new PageRequest(
            (backwards ? last : first) ?? GraphQLOptions.DefaultPageSize,
            context.GetArgument<string?>("after"),
            context.GetArgument<string?>("before"),
            backwards,
            selected.Contains("totalCount"))
        {
            WantsRows = selected.Contains("edges") || selected.Contains("items") || selected.Contains("pageInfo"),
            LoadKey = atRoot ? ArgumentKey.Of(context.FieldAst) : null,
            SharedLoads = atRoot ? context.UserContext : null,
        };
    }

    /// <summary>
    /// Adds <c>first/after/last/before</c> and checks them while the document is validated, so an
    /// oversized page is refused before anything touches the database.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> AddArguments<TSource, TReturn>(FieldBuilder<TSource, TReturn> field) =>
        field
            .Argument<IntGraphType>("first", $"Page size going forwards (default {GraphQLOptions.DefaultPageSize}, at most {GraphQLOptions.MaxPageSize}).")
            .Argument<StringGraphType>("after", "Cursor of the edge to continue after.")
            .Argument<IntGraphType>("last", $"Page size going backwards (at most {GraphQLOptions.MaxPageSize}).")
            .Argument<StringGraphType>("before", "Cursor of the edge to continue before.")
            .ValidateArguments(context =>
            {
                var first = context.GetArgument<int?>("first");
                var last = context.GetArgument<int?>("last");
                if (first is not null && last is not null)
                {
                    throw new ValidationError("Use either 'first' (forwards) or 'last' (backwards), not both.");
                }
                foreach (var (name, value) in new[] { ("first", first), ("last", last) })
                {
                    if (value is < 0 or > GraphQLOptions.MaxPageSize)
                    {
                        throw new ValidationError(
                            $"'{name}' must be between 0 and {GraphQLOptions.MaxPageSize} (got {value}); page through larger results with cursors.");
                    }
                }
            });
}
