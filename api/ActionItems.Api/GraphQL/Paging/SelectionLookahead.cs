using GraphQL;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Paging;

/// <summary>
/// Which fields a connection's nodes ask for, read from the query document before the page is fetched, so
/// the page query can join what every node will need instead of a batch load per relation afterwards.
/// A wrong "yes" costs a join; a wrong "no" costs the usual batch load: answers are never affected.
/// </summary>
public static class SelectionLookahead
{
    /// <summary>True when <c>edges { node { field } }</c> or <c>items { field }</c> (GraphQL.NET's name for Relay's nodes) is selected (fragments included).</summary>
    public static bool NodesSelect(IResolveFieldContext connection, string field)
    {
        foreach (var (name, selection) in Fields(connection.FieldAst.SelectionSet, connection.Document))
        {
            if (name == "items" && Fields(selection, connection.Document).Any(f => f.Name == field))
            {
                return true;
            }
            if (name == "edges" && Fields(selection, connection.Document)
                    .Any(node => node.Name == "node" && Fields(node.Selection, connection.Document).Any(f => f.Name == field)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The fields of a selection set, looking through inline fragments and fragment spreads.</summary>
    private static IEnumerable<(string Name, GraphQLSelectionSet? Selection)> Fields(GraphQLSelectionSet? selectionSet,
        GraphQLDocument document, int depth = 0)
    {
        if (selectionSet is null || depth > 8)
        {
            yield break;
        }
        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    yield return (field.Name.StringValue, field.SelectionSet);
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var inner in Fields(inline.SelectionSet, document, depth + 1))
                    {
                        yield return inner;
                    }
                    break;
                case GraphQLFragmentSpread spread when document.Definitions.OfType<GraphQLFragmentDefinition>()
                    .FirstOrDefault(f => f.FragmentName.Name.Value == spread.FragmentName.Name.Value) is { } fragment:
                    foreach (var inner in Fields(fragment.SelectionSet, document, depth + 1))
                    {
                        yield return inner;
                    }
                    break;
            }
        }
    }
}
