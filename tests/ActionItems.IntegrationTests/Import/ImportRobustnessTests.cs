using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Import;

/// <summary>Imports that outgrow a provider's limits, and a document the database refuses in a directory import.</summary>
public class ImportRobustnessTests
{
    private const int ReferenceCount = 40_000;
    private const int ActionableCount = 100;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_document_with_forty_thousand_task_references_imports(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // 100 actionables of 400 distinct bare task numbers each, T100000…T139999: more ids than SQLite
        // (32,766) takes as bind parameters in one query. An item mirrors one task per tracker, so each
        // item links its first task and reports the others.
        var document = new StringBuilder("# Incidents/2025-06-01 many-references\n\n## Actionables\n");
        var perActionable = ReferenceCount / ActionableCount;
        for (var item = 0; item < ActionableCount; item++)
        {
            document.Append(CultureInfo.InvariantCulture, $"- Follow up on batch {item}:");
            for (var task = 0; task < perActionable; task++)
            {
                document.Append(CultureInfo.InvariantCulture, $" T{100_000 + item * perActionable + task}");
            }
            document.Append('\n');
        }
        var registry = new SyncTargetRegistry([new SyncTargetOptions
        {
            Kind = TrackerKind.Phabricator, Name = "wikimedia", BaseUrl = "https://phabricator.wikimedia.org", Token = "api-test",
        }]);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 2, 10, 0, 0, TimeSpan.Zero));

        // A first document stores the target: only links on a stored target are looked up.
        await ImportAsync(database, registry, clock, "# Incidents/2025-05-01 earlier\n\n## Actionables\n- Fix it T99999\n", "earlier.md");

        var watch = Stopwatch.StartNew();
        var report = await ImportAsync(database, registry, clock, document.ToString(), "many-references.md");
        watch.Stop();

        Assert.Equal((ActionableCount, ActionableCount), (report.Added, report.LinksCreated));
        Assert.Equal(ReferenceCount - ActionableCount, report.Warnings.Count(w => w.Contains("an item mirrors one task per tracker", StringComparison.Ordinal)));
        await using var check = database.CreateContext();
        var linked = await check.TrackerLinks.Where(l => l.RemoteId != "T99999").Select(l => l.RemoteId).OrderBy(r => r).ToListAsync();
        Assert.Equal(Enumerable.Range(0, ActionableCount).Select(i => $"T{100_000 + i * perActionable}"), linked);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the import took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_document_the_database_refuses_fails_alone_and_the_directory_import_exits_1()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await RefuseTimelineEntriesAsync(database);
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"actionitems-refused-{Guid.NewGuid():N}")).FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "a.md"), Postmortem("2025-07-01 first", "- 10:00 disk fills"));
            await File.WriteAllTextAsync(Path.Combine(directory, "b.md"), Postmortem("2025-07-02 refused", "- 10:00 this entry is refused"));
            await File.WriteAllTextAsync(Path.Combine(directory, "c.md"), Postmortem("2025-07-03 third", "- 10:00 cache evicts"));

            var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["Database__SqlitePath"] = database.Options.SqliteFile },
                "import", directory);

            Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}; stderr: {result.StdErr}");
            var error = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: b.md: the import failed and was rolled back, nothing of this document was stored: SqliteException: ", error, StringComparison.Ordinal);
            Assert.Contains("timeline entry refused by a test trigger", error, StringComparison.Ordinal);
            Assert.Contains("a.md: new incident '2025-07-01 first'", result.StdOut, StringComparison.Ordinal);
            Assert.Contains("c.md: new incident '2025-07-03 third'", result.StdOut, StringComparison.Ordinal);
            Assert.Contains("total: 2 of 3 document(s) imported: 4 added,", result.StdOut, StringComparison.Ordinal);
            await using var check = database.CreateContext();
            Assert.Equal(["2025-07-01 first", "2025-07-03 third"], await check.Incidents.OrderBy(i => i.Slug).Select(i => i.Slug).ToListAsync());
            Assert.Equal(4, await check.ActionItems.CountAsync());
            Assert.Equal(2, await check.TimelineEntries.CountAsync());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Makes the (SQLite) database refuse any timeline entry whose text contains "refused", as it would a row
    /// breaking a constraint. The timeline is written after the incident and its items were saved in the
    /// document's transaction, so the refusal also shows that what was written before it is rolled back.
    /// </summary>
    internal static async Task RefuseTimelineEntriesAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var timeline = db.Model.FindEntityType(typeof(TimelineEntry))!;
        var table = timeline.GetTableName()!;
        var text = timeline.FindProperty(nameof(TimelineEntry.Text))!.GetColumnName(StoreObjectIdentifier.Table(table, null))!;
        var trigger = $"CREATE TRIGGER refuse_timeline BEFORE INSERT ON \"{table}\" WHEN NEW.\"{text}\" LIKE '%refused%' " +
                      "BEGIN SELECT RAISE(ABORT, 'timeline entry refused by a test trigger'); END";
        // Names from the model, no input: a DDL statement takes no parameters for them.
        await db.Database.ExecuteSqlRawAsync(trigger);
    }

    internal static string Postmortem(string incident, string timeline) => $"""
        # Incidents/{incident}

        ## Timeline
        {timeline}

        ## Actionables
        - Add an alert for {incident}
        - Write the runbook for {incident}
        """;

    private static async Task<ImportReport> ImportAsync(TestDatabase database, SyncTargetRegistry registry, TimeProvider clock,
        string text, string source)
    {
        await using var db = database.CreateContext();
        return await new PostmortemImporter(db, clock, registry).ImportAsync(
            new ImportRequest(text, null, source), "test", dryRun: false, CancellationToken.None);
    }
}
