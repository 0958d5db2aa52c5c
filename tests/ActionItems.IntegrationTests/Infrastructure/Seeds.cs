namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>Real postmortems kept with the unit tests' data (tests/ActionItems.UnitTests/Extraction/Seeds).</summary>
public static class Seeds
{
    public static string Directory { get; } = Find();

    public static IReadOnlyList<string> Files =>
        [.. System.IO.Directory.GetFiles(Directory, "*.txt").Order(StringComparer.Ordinal)];

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seeds = Path.Combine(dir.FullName, "tests", "ActionItems.UnitTests", "Extraction", "Seeds");
            if (System.IO.Directory.Exists(seeds))
            {
                return seeds;
            }
        }
        throw new InvalidOperationException("seed postmortems not found above " + AppContext.BaseDirectory);
    }
}
