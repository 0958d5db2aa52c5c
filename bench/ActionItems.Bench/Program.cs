using ActionItems.Bench;

// Benchmarks run on demand, never in CI: dotnet run -c Release --project bench/ActionItems.Bench -- <benchmark> [options]
var benchmarks = new Dictionary<string, (string Description, Func<BenchOptions, int> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["extraction"] = ("extraction throughput on a generated corpus, next to Markdig's bare parse", ExtractionBenchmark.Run),
    ["coldstart"] = ("time of the first Extract call in a fresh process (median of several processes)", ColdStartBenchmark.Run),
    ["coldstart-child"] = ("(internal) one cold-start measurement in this process", ColdStartBenchmark.RunChild),
    ["import"] = ("import of the generated corpus into PostgreSQL, then a re-import (needs bench/with-postgres.sh)", ImportBenchmark.Run),
    ["graphql"] = ("GraphQL latency at 100k items next to hand-written SQL (needs bench/with-postgres.sh)", GraphQLBenchmark.Run),
    ["web"] = ("the web app in Chromium at 100k items: triage page to 50 rows, bulk assign of 50, initial JavaScript size (needs bench/with-postgres.sh, Node.js and /usr/bin/chromium)", WebBenchmark.Run),
    ["sync"] = ("first fill of 10k linked tasks, push of 1k items, webhook→database latency against a fake Phorge (needs bench/with-postgres.sh)", SyncBenchmark.Run),
    ["github"] = ("first fill of 10k linked issues and push of 1k items against the fake GitHub with its 5,000/h limit (needs bench/with-postgres.sh; ACTIONITEMS_BENCH_WRITE_SPACING, default 00:00:01)", GitHubBenchmark.Run),
    ["abuse"] = ("p99 of a normal query, quiet and while four clients send each attack of issue 13 (needs bench/with-postgres.sh; ACTIONITEMS_BENCH_SECONDS per phase)", AbuseBenchmark.Run),
    ["prevention"] = ("recall@3 and MRR of preventionCandidates on a labelled manifest (ACTIONITEMS_BENCH_MANIFEST, default tests/prevention-corpus/manifest.json); SQLite, or PostgreSQL with bench/with-postgres.sh; ACTIONITEMS_BENCH_PREVENTION_ITEMS=100000 also times the query", PreventionBenchmark.Run),
    ["large"] = ("extraction time of one large document per format (1 MiB) and of a 20 MB one", LargeDocumentBenchmark.Run),
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine("usage: ActionItems.Bench <benchmark> [--documents N] [--iterations N] [--seed N] [--processes N] [--dump DIR (extraction)]");
    foreach (var (name, (description, _)) in benchmarks.Where(b => !b.Key.EndsWith("-child", StringComparison.Ordinal)))
    {
        Console.Error.WriteLine($"  {name,-12} {description}");
    }

    return 2;
}

try
{
    return benchmark.Run(BenchOptions.Parse(args[1..]));
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}
