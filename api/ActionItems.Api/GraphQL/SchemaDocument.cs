using ActionItems.Api.GraphQL.Execution;
using GraphQL;
using GraphQL.Utilities;

namespace ActionItems.Api.GraphQL;

/// <summary>The schema as SDL: what <c>schema export</c> writes to <c>docs/schema.graphql</c> and a test compares.</summary>
public static class SchemaDocument
{
    public const string DefaultPath = "docs/schema.graphql";

    public static string Print()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGraphQLSchema(new GraphQLOptions());
        using var provider = services.BuildServiceProvider();
        var schema = provider.GetRequiredService<ActionItemsSchema>();
        schema.Initialize();
        var sdl = schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true });
        return sdl.ReplaceLineEndings("\n").TrimEnd() + "\n";
    }
}
