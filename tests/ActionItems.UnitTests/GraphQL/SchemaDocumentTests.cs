using ActionItems.Api.GraphQL;

namespace ActionItems.UnitTests.GraphQL;

public class SchemaDocumentTests
{
    [Fact]
    public void The_committed_schema_document_matches_the_schema()
    {
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.Path, SchemaDocument.DefaultPath)).ReplaceLineEndings("\n");

        var current = SchemaDocument.Print();

        Assert.True(committed == current,
            "docs/schema.graphql is stale: run `dotnet run --project api/ActionItems.Api -- schema export` and commit the diff, so schema changes are deliberate.");
    }

    [Fact]
    public void The_schema_document_has_the_queries_and_mutations_the_product_promises()
    {
        var sdl = SchemaDocument.Print();

        foreach (var field in (string[])["actionItems(", "incidents(", "actionItemStats(", "openItemsOverTime(", "timeToResolve(",
                     "updateActionItem(", "assignActionItems(", "importPostmortem("])
        {
            Assert.Contains(field, sdl, StringComparison.Ordinal);
        }
    }
}
