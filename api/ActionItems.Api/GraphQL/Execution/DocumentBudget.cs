using GraphQL.Types;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// What one parsed document asks for, counted in one linear walk before any validation rule runs: GraphQL.NET's
/// rules are not all linear (overlapping-field merging compares fields pairwise), so a document of 8,000 copies
/// of one field would cost seconds of CPU before the role check refuses it. The walk stops as soon as a count is
/// over its limit, so its cost is bounded by the limits, not by the document (fragment spreads included).
/// </summary>
public sealed class DocumentBudget
{
    /// <summary>Fragments spread inside fragments deeper than this are refused (the walk recurses through them).</summary>
    public const int MaxFragmentNesting = 32;

    private readonly GraphQLOptions _limits;
    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expanding = new(StringComparer.Ordinal);

    private DocumentBudget(GraphQLDocument document, GraphQLOptions limits)
    {
        _limits = limits;
        foreach (var fragment in document.Definitions.OfType<GraphQLFragmentDefinition>())
        {
            _fragments.TryAdd(fragment.FragmentName.Name.StringValue, fragment);
        }
    }

    /// <summary>Field selections and fragment spreads, every alias and repetition counted.</summary>
    public int Selections { get; private set; }

    public int Aliases { get; private set; }

    /// <summary>Connection fields at the root of the operations (each one a page query and maybe a count).</summary>
    public int RootConnections { get; private set; }

    /// <summary>The first root field that needs a role (null when every root field is public).</summary>
    public string? FirstProtectedRootField { get; private set; }

    /// <summary>Why the document is over the budget (one sentence naming the setting), or null when it is within it.</summary>
    public string? Refusal =>
        _fragmentsTooDeep
            ? $"Fragments spread inside fragments more than {MaxFragmentNesting} deep."
            : Selections > _limits.MaxFields
            ? $"The document selects more than {_limits.MaxFields} fields (aliases and repetitions counted; GraphQL:MaxFields)."
            : Aliases > _limits.MaxAliases
                ? $"The document uses more than {_limits.MaxAliases} aliases (GraphQL:MaxAliases)."
                : RootConnections > _limits.MaxRootConnections
                    ? $"The document selects more than {_limits.MaxRootConnections} lists at its root (aliases counted; GraphQL:MaxRootConnections); send several requests or use paging."
                    : null;

    public static DocumentBudget Measure(GraphQLDocument document, GraphQLOptions limits, ISchema schema)
    {
        var budget = new DocumentBudget(document, limits);
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var root = operation.Operation switch
            {
                OperationType.Mutation => schema.Mutation,
                OperationType.Subscription => schema.Subscription,
                _ => schema.Query,
            };
            budget.Walk(operation.SelectionSet, root, operation.Operation == OperationType.Mutation);
            if (budget.Refusal is not null)
            {
                break;
            }
        }
        return budget;
    }

    private bool _fragmentsTooDeep;

    private bool OverBudget => _fragmentsTooDeep || Selections > _limits.MaxFields || Aliases > _limits.MaxAliases ||
                               RootConnections > _limits.MaxRootConnections;

    /// <param name="selectionSet">The selections to count.</param>
    /// <param name="root">The root type when <paramref name="selectionSet"/> is (part of) an operation's top level, else null.</param>
    /// <param name="isMutation">Whether that root is the mutation type.</param>
    private void Walk(GraphQLSelectionSet? selectionSet, IObjectGraphType? root, bool isMutation)
    {
        if (selectionSet is null)
        {
            return;
        }
        foreach (var selection in selectionSet.Selections)
        {
            if (OverBudget)
            {
                return;
            }
            Selections++;
            switch (selection)
            {
                case GraphQLField field:
                    if (field.Alias is not null)
                    {
                        Aliases++;
                    }
                    if (root is not null)
                    {
                        CountRootField(field, root, isMutation);
                    }
                    Walk(field.SelectionSet, null, false);
                    break;
                case GraphQLInlineFragment inline:
                    Walk(inline.SelectionSet, root, isMutation);
                    break;
                // A fragment that spreads itself (directly or not) is refused by validation; here it is walked once on the path.
                case GraphQLFragmentSpread when _expanding.Count >= MaxFragmentNesting:
                    _fragmentsTooDeep = true;
                    return;
                case GraphQLFragmentSpread spread when _fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment)
                                                       && _expanding.Add(fragment.FragmentName.Name.StringValue):
                    Walk(fragment.SelectionSet, root, isMutation);
                    _expanding.Remove(fragment.FragmentName.Name.StringValue);
                    break;
            }
        }
    }

    private void CountRootField(GraphQLField field, IObjectGraphType root, bool isMutation)
    {
        var name = field.Name.StringValue;
        if (name.StartsWith("__", StringComparison.Ordinal) || root.GetField(name) is not { } definition)
        {
            return;
        }
        if (IsConnection(definition.ResolvedType))
        {
            RootConnections++;
        }
        if (FirstProtectedRootField is null && RoleRequirement.RequiredRole(definition, isMutation) is not null)
        {
            FirstProtectedRootField = name;
        }
    }

    private static bool IsConnection(IGraphType? type) => type switch
    {
        NonNullGraphType nonNull => IsConnection(nonNull.ResolvedType),
        // List types have no name.
        _ => (type?.Name as string)?.EndsWith("Connection", StringComparison.Ordinal) == true,
    };
}
