using System.Diagnostics;
using System.Globalization;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Bench;

/// <summary>
/// Imports the generated corpus into a fresh PostgreSQL database one document at a time, the way
/// <c>actionitems import &lt;directory&gt;</c> does (one DbContext and transaction per document), then
/// imports it again (every document unchanged). Target: 1,000 documents in under 30 s.
/// </summary>
internal static class ImportBenchmark
{
    // Wikimedia's Phabricator configured, as in production: the documents' bare task numbers become links
    // (README, "References to tasks"), so the import does the same link work it is measured on.
    private static readonly SyncTargetRegistry WikimediaTarget = new(
        [new SyncTargetOptions { Kind = TrackerKind.Phabricator, Name = "wikimedia", BaseUrl = "https://phabricator.wikimedia.org", Token = "bench" }]);

    public static int Run(BenchOptions options)
    {
        if (ThrowawayDatabase.AdminConnection("import") is not { } admin)
        {
            return 2;
        }
        return RunAsync(options, admin).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(BenchOptions options, string admin)
    {
        await using var database = await ThrowawayDatabase.CreateAsync(admin, "import");
        var documents = new CorpusGenerator(options.Seed, options.DocumentBytes).Generate(options.Documents);
        var megabytes = documents.Sum(d => (long)d.Text.Length) / (1024.0 * 1024.0);
        Console.WriteLine(Machine.Describe());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {documents.Count} documents, {megabytes:0.0} MB, formats {string.Join(", ", documents.GroupBy(d => d.Format).Select(g => $"{g.Key} {g.Count()}"))}"));

        var first = await ImportAllAsync(database.Options, documents, "first import");
        var second = await ImportAllAsync(database.Options, documents, "re-import");

        await using var check = DatabaseRegistration.CreateDbContext(database.Options);
        var incidents = await check.Incidents.CountAsync();
        var items = await check.ActionItems.CountAsync();
        var links = await check.TrackerLinks.CountAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first import:  {first.TotalSeconds,6:0.00} s  ({documents.Count / first.TotalSeconds:0} documents/s) → {incidents} incidents, {items} items, {links} links"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"re-import:     {second.TotalSeconds,6:0.00} s  ({documents.Count / second.TotalSeconds:0} documents/s), every document unchanged"));
        var perThousand = first.TotalSeconds * 1000 / documents.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"target (1,000 documents in < 30 s): {(perThousand < 30 ? "met" : "NOT met")} ({perThousand:0.0} s per 1,000 documents)"));
        return 0;
    }

    private static async Task<TimeSpan> ImportAllAsync(DatabaseOptions database, List<CorpusDocument> documents, string label)
    {
        // Process CPU next to wall time: on a shared machine the wall time includes waiting for other work,
        // and the gap between the two is time spent waiting on PostgreSQL (or for a core).
        var process = Process.GetCurrentProcess();
        var cpuAtStart = process.TotalProcessorTime;
        var gcAtStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var clock = Stopwatch.StartNew();
        var block = Stopwatch.StartNew();
        var cpuAtBlock = cpuAtStart;
        for (var i = 0; i < documents.Count; i++)
        {
            var document = documents[i];
            await using (var context = DatabaseRegistration.CreateDbContext(database))
            {
                var importer = new PostmortemImporter(context, TimeProvider.System, WikimediaTarget);
                await importer.ImportAsync(new ImportRequest(document.Text, null, $"bench-{document.Index:0000}{Extension(document.Format)}"),
                    "bench", dryRun: false, CancellationToken.None);
            }
            if ((i + 1) % 250 == 0 || i + 1 == documents.Count)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {label}, documents up to {i + 1,4}: {block.Elapsed.TotalSeconds,6:0.00} s wall, {(cpu - cpuAtBlock).TotalSeconds,6:0.00} s process CPU"));
                block.Restart();
                cpuAtBlock = cpu;
            }
        }
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {clock.Elapsed.TotalSeconds:0.00} s wall, {(process.TotalProcessorTime - cpuAtStart).TotalSeconds:0.00} s process CPU, load average {Machine.LoadAverage()}; GCs gen0/1/2 {GC.CollectionCount(0) - gcAtStart.Item1}/{GC.CollectionCount(1) - gcAtStart.Item2}/{GC.CollectionCount(2) - gcAtStart.Item3}, GC pauses {(GC.GetTotalPauseDuration() - gcAtStart.Item4).TotalSeconds:0.00} s"));
        return clock.Elapsed;
    }

    private static string Extension(DocumentFormat format) => format switch
    {
        DocumentFormat.Html => ".html",
        DocumentFormat.Markdown => ".md",
        DocumentFormat.Wikitext => ".wiki",
        _ => ".txt",
    };
}
