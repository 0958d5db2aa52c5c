using System.Text.Json.Nodes;

namespace ActionItems.FakePhorge;

/// <summary>
/// The recorded Conduit traffic and webhook deliveries of a real Phorge (Fixtures/, see Fixtures/README.md)
/// that the fake imitates.
/// </summary>
public static class PhorgeFixtures
{
    public static string Directory { get; } = Find();

    /// <summary>Fixture file by its name without extension, e.g. <c>30_maniphest_search_by_ids</c>.</summary>
    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name + ".json")))!.AsObject();

    public static IReadOnlyList<string> Names =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var fixtures = Path.Combine(dir.FullName, "tests", "ActionItems.FakePhorge", "Fixtures");
            if (System.IO.Directory.Exists(fixtures))
            {
                return fixtures;
            }
        }
        throw new InvalidOperationException("Phorge fixtures not found above " + AppContext.BaseDirectory);
    }
}
