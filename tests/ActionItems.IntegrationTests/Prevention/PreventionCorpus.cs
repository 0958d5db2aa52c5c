using ActionItems.Application;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Prevention;
using ActionItems.IntegrationTests.Application;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>The hand-built postmortems of tests/ActionItems.IntegrationTests/Prevention/Corpus, whose right answers are known.</summary>
internal static class PreventionCorpus
{
    public static string Directory { get; } = Find();

    public static IReadOnlyList<string> Files => [.. System.IO.Directory.GetFiles(Directory, "*.md").Order(StringComparer.Ordinal)];

    /// <summary>Imports every postmortem of the corpus through the import use case.</summary>
    public static async Task ImportAsync(ApplicationHarness app)
    {
        foreach (var file in Files)
        {
            var result = await app.Scope().Postmortems.ImportAsync(
                new ImportPostmortem(await File.ReadAllTextAsync(file), SourceUrl: Path.GetFileName(file)), ApplicationHarness.Triager, default);
            Assert.Empty(result.Errors);
        }
    }

    /// <summary>A service with indexes of its own (built on their first request), or the given ones to test refreshes.</summary>
    public static PreventionService Service(ApplicationHarness app, CandidateIndex? index = null, IncidentIndex? incidents = null)
    {
        var db = app.Scope().Db;
        return new PreventionService(db, new UnitOfWork(db, app.Drains), app.Clock, index ?? new CandidateIndex(TimeSpan.Zero, TimeProvider.System),
            incidents ?? new IncidentIndex(TimeSpan.Zero, TimeProvider.System));
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var corpus = Path.Combine(dir.FullName, "tests", "ActionItems.IntegrationTests", "Prevention", "Corpus");
            if (System.IO.Directory.Exists(corpus))
            {
                return corpus;
            }
        }
        throw new InvalidOperationException("prevention corpus not found above " + AppContext.BaseDirectory);
    }
}
