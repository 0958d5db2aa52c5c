using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;
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

    private static async Task<ImportReport> ImportAsync(TestDatabase database, SyncTargetRegistry registry, TimeProvider clock,
        string text, string source)
    {
        await using var db = database.CreateContext();
        return await new PostmortemImporter(db, clock, registry).ImportAsync(
            new ImportRequest(text, null, source), "test", dryRun: false, CancellationToken.None);
    }
}
