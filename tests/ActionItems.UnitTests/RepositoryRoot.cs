namespace ActionItems.UnitTests;

internal static class RepositoryRoot
{
    /// <summary>The checkout this test assembly was built from (the folder holding ActionItems.sln).</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ActionItems.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"ActionItems.sln not found above {AppContext.BaseDirectory}");
    }
}
