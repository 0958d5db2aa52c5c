using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActionItems.Application;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Prevention;
using ActionItems.Application.Telemetry;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActionItems.Bench;

/// <summary>
/// Ranking quality of preventionCandidates on a labelled set (docs/prevention.md, "Evaluation"): imports every
/// document of a manifest into a fresh database through the import use case, asks for the candidates of each pair's
/// later incident and reports where the labelled earlier actionable ranks (recall@1, recall@3, MRR over the top 100).
/// Optionally adds N generated items and times the query (ACTIONITEMS_BENCH_PREVENTION_ITEMS=100000).
/// </summary>
internal static class PreventionBenchmark
{
    /// <summary>The manifest to evaluate; by default tests/prevention-corpus/manifest.json above the current directory.</summary>
    public const string ManifestVariable = "ACTIONITEMS_BENCH_MANIFEST";

    /// <summary>
    /// <c>organisation</c>: each organisation's documents in a database of their own (as deployed); otherwise all in one
    /// database, where the other organisations' items are distractors no deployment has.
    /// </summary>
    public const string ScopeVariable = "ACTIONITEMS_BENCH_PREVENTION_SCOPE";

    /// <summary>Generated items to add after the evaluation, to time the query at scale (0: no timing).</summary>
    public const string ScaleVariable = "ACTIONITEMS_BENCH_PREVENTION_ITEMS";

    /// <summary>Ranks below this count as not found (reciprocal rank 0).</summary>
    private const int Depth = PreventionService.MaxCandidates;

    private static readonly Actor Bench = new("bench", ActorRole.Admin);

    public static int Run(BenchOptions options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchOptions options)
    {
        var manifestPath = Environment.GetEnvironmentVariable(ManifestVariable) is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : FindDefaultManifest();
        if (manifestPath is null || !File.Exists(manifestPath))
        {
            Console.Error.WriteLine($"prevention needs a manifest: set {ManifestVariable} or add tests/prevention-corpus/manifest.json");
            return 2;
        }
        var manifest = JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(manifestPath), ManifestJson)
                       ?? throw new ArgumentException($"{manifestPath}: empty manifest");
        var folder = Path.GetDirectoryName(manifestPath)!;
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"manifest {manifestPath}: {manifest.Documents.Count} document(s), {manifest.Pairs.Count} pair(s)");

        if (Environment.GetEnvironmentVariable(ScopeVariable) is "organisation")
        {
            return await EvaluatePerOrganisationAsync(manifest, folder);
        }
        var (database, dispose) = await FreshDatabaseAsync();
        try
        {
            Console.WriteLine($"database: {database.Describe()}");
            var incidents = await ImportAllAsync(database, manifest.Documents, folder);
            var tally = await EvaluateAsync(database, manifest.Pairs, incidents);
            var exitCode = tally.Print();

            var scale = int.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (scale > 0)
            {
                await TimeAtScaleAsync(database, manifest, incidents, scale, options);
            }
            return exitCode;
        }
        finally
        {
            await dispose();
        }
    }

    /// <summary>
    /// Each organisation's documents in a database of their own and its pairs evaluated there, as a deployment holds one
    /// organisation's archive; the figures are over all pairs together.
    /// </summary>
    private static async Task<int> EvaluatePerOrganisationAsync(Manifest manifest, string folder)
    {
        var tally = new Tally();
        foreach (var organisation in manifest.Documents.GroupBy(d => d.Organisation ?? "", StringComparer.Ordinal))
        {
            var files = organisation.Select(d => d.File).ToHashSet(StringComparer.Ordinal);
            var pairs = manifest.Pairs.Where(p => files.Contains(p.Later)).ToList();
            if (pairs.Count == 0)
            {
                continue;
            }
            Console.WriteLine($"organisation {(organisation.Key.Length == 0 ? "(none)" : organisation.Key)}: {files.Count} document(s), {pairs.Count} pair(s)");
            var (database, dispose) = await FreshDatabaseAsync();
            try
            {
                var incidents = await ImportAllAsync(database, [.. organisation], folder);
                tally.Add(await EvaluateAsync(database, pairs, incidents));
            }
            finally
            {
                await dispose();
            }
        }
        return tally.Print();
    }

    private static async Task MigrateAsync(DatabaseOptions database)
    {
        await using var context = DatabaseRegistration.CreateDbContext(database);
        await context.Database.MigrateAsync();
    }

    // ---------------------------------------------------------------- import and evaluation

    private static async Task<Dictionary<string, long>> ImportAllAsync(DatabaseOptions database, IReadOnlyList<ManifestDocument> documents, string folder)
    {
        var incidents = new Dictionary<string, long>(StringComparer.Ordinal);
        var registry = SyncTargetRegistry.FromConfiguration(new ConfigurationBuilder().Build());
        // The import's duration histogram, as a host records it (nothing here reads it).
        await using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var importMeter = new ImportMeter(meters.GetRequiredService<IMeterFactory>());
        var clock = Stopwatch.StartNew();
        foreach (var document in documents)
        {
            var path = Path.Combine(folder, document.File);
            if (!File.Exists(path))
            {
                Console.WriteLine($"  {document.File}: missing, skipped");
                continue;
            }
            await using var db = DatabaseRegistration.CreateDbContext(database);
            var import = new PostmortemImport(new PostmortemImporter(db, TimeProvider.System, registry),
                new UnitOfWork(db, new NextSweepOutboxDrainSignal()), NullLogger<PostmortemImport>.Instance, importMeter);
            var result = await import.ImportAsync(new ImportPostmortem(await File.ReadAllTextAsync(path), Format(document.Format),
                SourceUrl: document.Source is { Length: > 0 } source && Uri.IsWellFormedUriString(source, UriKind.Absolute) ? source : document.File),
                Bench, CancellationToken.None);
            if (result.Value?.IncidentId is { } id && result.Succeeded)
            {
                incidents[document.File] = id;
            }
            else
            {
                Console.WriteLine($"  {document.File}: not imported: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {incidents.Count} of {documents.Count} document(s) in {clock.Elapsed.TotalSeconds:0.0} s"));
        return incidents;
    }

    private static async Task<Tally> EvaluateAsync(DatabaseOptions database, IReadOnlyList<ManifestPair> pairs, Dictionary<string, long> incidents)
    {
        var tally = new Tally();
        // Age zero: each pair's query sees the database as it is (nothing changes between them anyway).
        var index = new CandidateIndex(TimeSpan.Zero, TimeProvider.System);
        using var incidentIndex = new IncidentIndex(TimeSpan.Zero, TimeProvider.System);
        foreach (var pair in pairs)
        {
            var label = $"{pair.Later} <- {pair.Earlier} \"{pair.EarlierItem}\"";
            if (!incidents.TryGetValue(pair.Later, out var later) || !incidents.TryGetValue(pair.Earlier, out var earlier))
            {
                Console.WriteLine($"  skip  {label}: a document of the pair was not imported");
                tally.Unusable++;
                continue;
            }
            await using var db = DatabaseRegistration.CreateDbContext(database);
            var wanted = await EarlierItemsAsync(db, earlier, pair.EarlierItem);
            if (wanted.Count == 0)
            {
                Console.WriteLine($"  skip  {label}: no actionable of the earlier document contains that text");
                tally.Unusable++;
                continue;
            }
            var service = new PreventionService(db, new UnitOfWork(db, new NextSweepOutboxDrainSignal()), TimeProvider.System, index, incidentIndex);
            var result = await service.CandidatesAsync(new FindPreventionCandidates(later, Depth), Bench, CancellationToken.None);
            if (!result.Succeeded)
            {
                Console.WriteLine($"  skip  {label}: {result.Errors[0].Message}");
                tally.Unusable++;
                continue;
            }
            var candidates = result.Value!;
            var rank = candidates.Select((c, i) => (c, i)).Where(x => wanted.Contains(x.c.Item.Id)).Select(x => x.i + 1).FirstOrDefault();
            tally.Add(rank, pair.Implicit);
            var why = rank == 0
                ? $"not in the top {Depth} of {candidates.Count} (open at the later start: {await OpenAtLaterStartAsync(db, later, wanted)})"
                : $"matched: {string.Join(", ", candidates[rank - 1].MatchedTerms)}";
            Console.WriteLine($"  {(rank == 0 ? "-" : rank.ToString(CultureInfo.InvariantCulture)),4}  {label}: {why}");
            if (rank is 0 or > 3)
            {
                // What outranked the label, so a miss can be read without a debugger.
                foreach (var above in candidates.Take(3))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"          above: {above.Score:0.00} incident {above.Item.IncidentId} \"{Shorten(above.Item.Title)}\": {string.Join(", ", above.MatchedTerms.Take(4))}"));
                }
                if (rank > 3)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"          label: {candidates[rank - 1].Score:0.00}"));
                }
            }
        }
        return tally;
    }

    /// <summary>The ranks of the evaluated pairs (0: not found), whether each pair is implicit, and how many pairs could not be evaluated.</summary>
    private sealed class Tally
    {
        private readonly List<(int Rank, bool Implicit)> _ranks = [];

        public int Unusable { get; set; }

        public void Add(int rank, bool isImplicit) => _ranks.Add((rank, isImplicit));

        public void Add(Tally other)
        {
            _ranks.AddRange(other._ranks);
            Unusable += other.Unusable;
        }

        /// <summary>
        /// Prints recall@1, recall@3 and MRR of all evaluated pairs and, when some are implicit, of the explicit and the
        /// implicit ones apart (the issue's set is the explicit one: a later report that names the earlier incident or
        /// its follow-up); 1 when no pair could be evaluated.
        /// </summary>
        public int Print()
        {
            if (_ranks.Count == 0)
            {
                Console.WriteLine($"no pair could be evaluated ({Unusable} unusable)");
                return 1;
            }
            Console.WriteLine($"pairs evaluated: {_ranks.Count} ({Unusable} unusable)  {Figures([.. _ranks.Select(r => r.Rank)])}");
            if (_ranks.Any(r => r.Implicit))
            {
                Console.WriteLine($"  explicit: {_ranks.Count(r => !r.Implicit)}  {Figures([.. _ranks.Where(r => !r.Implicit).Select(r => r.Rank)])}");
                Console.WriteLine($"  implicit: {_ranks.Count(r => r.Implicit)}  {Figures([.. _ranks.Where(r => r.Implicit).Select(r => r.Rank)])}");
            }
            return 0;
        }

        private static string Figures(List<int> ranks)
        {
            if (ranks.Count == 0)
            {
                return "-";
            }
            double evaluated = ranks.Count;
            return string.Create(CultureInfo.InvariantCulture,
                $"recall@1 {ranks.Count(r => r == 1) / evaluated:0.00}  recall@3 {ranks.Count(r => r is >= 1 and <= 3) / evaluated:0.00}  MRR {ranks.Average(r => r == 0 ? 0 : 1.0 / r):0.00}");
        }
    }

    private static string Shorten(string title) => title.Length > 60 ? title[..57] + "…" : title;

    /// <summary>The earlier incident's items whose title or description contains the labelled text (case-insensitive).</summary>
    private static async Task<HashSet<long>> EarlierItemsAsync(ActionItemsDbContext db, long incident, string text)
    {
        var items = await db.ActionItems.AsNoTracking().Where(i => i.IncidentId == incident)
            .Select(i => new { i.Id, i.Title, i.Description, i.SourceText }).ToListAsync();
        return [.. items.Where(i => new[] { i.Title, i.Description, i.SourceText }
            .Any(t => t?.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase) == true)).Select(i => i.Id)];
    }

    /// <summary>Whether a missed item was a candidate at all: a label whose item was closed or not yet open is a rule miss, not a ranking one.</summary>
    private static async Task<string> OpenAtLaterStartAsync(ActionItemsDbContext db, long later, HashSet<long> wanted)
    {
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == later);
        if (PreventionService.StartOf(incident.StartedAt, incident.IncidentDate, incident.EndedAt) is not { } start)
        {
            return "the later incident has no start";
        }
        var statuses = await db.ActionItemHistory.AsNoTracking()
            .Where(h => wanted.Contains(h.ActionItemId) && h.Field == HistoryFields.Status && h.At <= start)
            .OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync();
        var last = statuses.GroupBy(h => h.ActionItemId).Select(g => g.Last().NewValue).ToList();
        return last.Count == 0 ? "no, opened after it" : last.Any(ActionItemStatusRules.IsOpenName) ? "yes" : "no, closed by then";
    }

    // ---------------------------------------------------------------- timing at scale

    private static readonly string[] Vocabulary =
    [
        "alert", "database", "replica", "failover", "cache", "memcached", "redis", "kafka", "consumer", "lag", "dns", "ttl", "zone",
        "kubernetes", "pod", "calico", "etcd", "api", "latency", "timeout", "retry", "deploy", "rollback", "canary", "scap", "puppet",
        "certificate", "expiry", "tls", "load", "balancer", "lvs", "haproxy", "varnish", "ats", "purge", "swift", "disk", "space",
        "ceph", "network", "switch", "bgp", "router", "link", "capacity", "cpu", "memory", "oom", "runbook", "dashboard", "grafana",
        "prometheus", "logging", "logstash", "opensearch", "elasticsearch", "search", "index", "job", "queue", "runner", "cron",
        "maintenance", "script", "backup", "restore", "mariadb", "schema", "migration", "query", "slow", "limit", "rate", "throttle",
    ];

    private static async Task TimeAtScaleAsync(DatabaseOptions database, Manifest manifest, Dictionary<string, long> incidents, int items,
        BenchOptions options)
    {
        var random = new Random(options.Seed);
        var clock = Stopwatch.StartNew();
        const int ItemsPerIncident = 10;
        var origin = new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var done = 0; done < items;)
        {
            await using var db = DatabaseRegistration.CreateDbContext(database);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new List<(Incident Incident, DateTimeOffset End)>();
            for (var k = 0; k < 500 && done + k * ItemsPerIncident < items; k++)
            {
                var end = origin.AddHours(random.Next(0, 6 * 365 * 24));
                var title = $"generated {done + k * ItemsPerIncident} {Words(random, 4)}";
                batch.Add((new Incident { Slug = title, Title = title, StartedAt = end.AddHours(-1), EndedAt = end, CreatedAt = end }, end));
            }
            db.Incidents.AddRange(batch.Select(b => b.Incident));
            await db.SaveChangesAsync();
            foreach (var (incident, end) in batch)
            {
                for (var j = 0; j < ItemsPerIncident && done < items; j++, done++)
                {
                    var item = ActionItem.Create(incident.Id, Words(random, 6), new Change("bench", ChangeOrigin.Import, end),
                        description: Words(random, 20));
                    item.SetTags([Vocabulary[random.Next(Vocabulary.Length)]], new Change("bench", ChangeOrigin.Import, end));
                    if (random.Next(2) == 0)
                    {
                        item.SetStatus(ActionItemStatus.Resolved, new Change("bench", ChangeOrigin.Import, end.AddDays(random.Next(1, 400))));
                    }
                    db.ActionItems.Add(item);
                }
            }
            await db.SaveChangesAsync();
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added {items} generated items in {clock.Elapsed.TotalSeconds:0.0} s"));
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var db = DatabaseRegistration.CreateDbContext(database);
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        var later = manifest.Pairs.Select(p => p.Later).Distinct(StringComparer.Ordinal)
            .Where(incidents.ContainsKey).Select(f => incidents[f]).ToList();
        // One index for the process, as the api's singleton: the first request builds it. Each incident is timed twice:
        // with the default maximum age (requests within it use the index as it is, as the api does) and with age zero
        // (every request reads the watermark first, as before the maximum age).
        // The incident index of the same age beside each: the query finds the incidents its postmortem names in it.
        var index = new CandidateIndex(CandidateIndex.DefaultMaxAge, TimeProvider.System);
        using var incidentIndex = new IncidentIndex(CandidateIndex.DefaultMaxAge, TimeProvider.System);
        var everyRequest = new CandidateIndex(TimeSpan.Zero, TimeProvider.System);
        using var everyRequestIncidents = new IncidentIndex(TimeSpan.Zero, TimeProvider.System);
        await using (var db = DatabaseRegistration.CreateDbContext(database))
        {
            await everyRequest.WarmUpAsync(db, CancellationToken.None);
            await everyRequestIncidents.WarmUpAsync(db, CancellationToken.None);
        }
        foreach (var incident in later.Take(3))
        {
            var withWatermark = new List<double>();
            for (var i = 0; i < options.Iterations + 2; i++)
            {
                await using var db = DatabaseRegistration.CreateDbContext(database);
                var service = new PreventionService(db, new UnitOfWork(db, new NextSweepOutboxDrainSignal()), TimeProvider.System, everyRequest,
                    everyRequestIncidents);
                var watch = Stopwatch.StartNew();
                await service.CandidatesAsync(new FindPreventionCandidates(incident), Bench, CancellationToken.None);
                if (i >= 2)
                {
                    withWatermark.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  index age zero (watermark read by every request): median {Machine.Median(withWatermark):0.0} ms, p99 {Machine.Percentile([.. withWatermark.Order()], 0.99):0.0} ms"));
            var times = new List<double>();
            var rankings = new List<double>();
            var markings = new List<double>();
            var candidates = 0;
            for (var i = 0; i < options.Iterations + 2; i++)
            {
                await using var db = DatabaseRegistration.CreateDbContext(database);
                var service = new PreventionService(db, new UnitOfWork(db, new NextSweepOutboxDrainSignal()), TimeProvider.System, index, incidentIndex);
                var watch = Stopwatch.StartNew();
                var result = await service.CandidatesAsync(new FindPreventionCandidates(incident), Bench, CancellationToken.None);
                watch.Stop();
                candidates = result.Value?.Count ?? 0;
                if (index.Builds == 1 && i == 0 && incident == later[0])
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  first request: {watch.Elapsed.TotalMilliseconds:0.0} ms, of it building the candidate index {index.LastBuild.TotalMilliseconds:0.0} ms and the incident index {incidentIndex.LastBuild.TotalMilliseconds:0.0} ms"));
                }
                if (i >= 2)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds); // the first two warm the JIT and the connection pool
                    rankings.Add(index.LastRanking.TotalMilliseconds);
                    markings.Add(index.LastPoolMarking.TotalMilliseconds);
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  of it ranking in memory (marking the pool, BM25, top 10): median {Machine.Median(rankings):0.0} ms, max {rankings.Max():0.0} ms; of it marking the pool: median {Machine.Median(markings):0.0} ms"));
            // What a request past the maximum age pays even when nothing changed: the watermark read (RefreshAsync finds it unmoved).
            var refreshes = new List<double>();
            for (var i = 0; i < options.Iterations; i++)
            {
                await using var db = DatabaseRegistration.CreateDbContext(database);
                var watch = Stopwatch.StartNew();
                await index.RefreshAsync(db, CancellationToken.None);
                refreshes.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  of it the watermark read (index unchanged): median {Machine.Median(refreshes):0.0} ms"));
            await using var count = DatabaseRegistration.CreateDbContext(database);
            var poolClock = Stopwatch.StartNew();
            var pool = await PoolSizeAsync(count, incident);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  counting the pool alone (the open-at rule in SQL): {poolClock.Elapsed.TotalMilliseconds:0.0} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"preventionCandidates(incident {incident}, first 10) over {items + incidents.Count} items, pool {pool} open at its start: " +
                $"median {Machine.Median(times):0.0} ms, p99 {Machine.Percentile([.. times.Order()], 0.99):0.0} ms, max {times.Max():0.0} ms ({times.Count} runs, {candidates} candidates)"));
        }
        // Age zero: every timed request reads the watermark, as the one request per maximum age does; the default age:
        // the usual request, which reads none.
        await TimeSimilarIncidentsAsync(database, later[0], options, TimeSpan.Zero, "index age zero");
        await TimeSimilarIncidentsAsync(database, later[0], options, CandidateIndex.DefaultMaxAge, "default age");
    }

    /// <summary>
    /// similarIncidents over the incident index (one per ten generated items), kept across requests as the service keeps
    /// it; the first request builds it (its time is reported apart), the rest read the watermark and rank.
    /// </summary>
    private static async Task TimeSimilarIncidentsAsync(DatabaseOptions database, long incident, BenchOptions options, TimeSpan maxAge,
        string label)
    {
        var times = new List<double>();
        var incidentCount = 0;
        using var index = new IncidentIndex(maxAge, TimeProvider.System);
        for (var i = 0; i < options.Iterations + 2; i++)
        {
            await using var db = DatabaseRegistration.CreateDbContext(database);
            incidentCount = await db.Incidents.CountAsync();
            var watch = Stopwatch.StartNew();
            var result = await new SimilarIncidents(db, index).FindAsync(new FindSimilarIncidents(incident), Bench, CancellationToken.None);
            watch.Stop();
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException(result.Errors[0].Message);
            }
            if (i >= 2)
            {
                times.Add(watch.Elapsed.TotalMilliseconds); // the first two warm the JIT and the connection pool
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"similarIncidents(incident {incident}, first 10) over {incidentCount} incidents, {label}: median {Machine.Median(times):0.0} ms (index build {index.LastBuild.TotalMilliseconds:0} ms, last ranking {index.LastRanking.TotalMilliseconds:0.0} ms), p99 {Machine.Percentile([.. times.Order()], 0.99):0.0} ms ({times.Count} runs)"));
    }

    private static async Task<int> PoolSizeAsync(ActionItemsDbContext db, long incidentId)
    {
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == incidentId);
        var start = PreventionService.StartOf(incident.StartedAt, incident.IncidentDate, incident.EndedAt)!.Value;
        var openNames = ActionItemStatusRules.OpenStatuses.Select(s => s.ToString()).ToList();
        var pool = db.ActionItems.Where(i => i.IncidentId != incidentId && i.ArchivedAt == null && openNames.Contains(db.ActionItemHistory
            .Where(h => h.ActionItemId == i.Id && h.Field == HistoryFields.Status && h.At <= start)
            .OrderByDescending(h => h.At).ThenByDescending(h => h.Id).Select(h => h.NewValue).FirstOrDefault()!));
        var count = await pool.CountAsync();

        // Where the rest of the time goes: reading the pool's text, then ranking it in memory.
        var read = Stopwatch.StartNew();
        var documents = await pool.AsNoTracking()
            .Select(i => new RankingDocument(i.Id, i.Title, i.Description, i.Tags, i.Incident!.Title)).ToListAsync();
        read.Stop();
        var rank = Stopwatch.StartNew();
        Bm25.Rank(new RankingQuery().AddText(incident.Title, 3).AddText(incident.Summary, 2), documents, 10);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  reading the pool's text: {read.Elapsed.TotalMilliseconds:0.0} ms; ranking it (BM25, title and summary only): {rank.Elapsed.TotalMilliseconds:0.0} ms"));
        return count;
    }

    private static string Words(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));

    // ---------------------------------------------------------------- database and manifest

    /// <summary>
    /// A migrated database: PostgreSQL when ACTIONITEMS_BENCH_POSTGRES is set (bench/with-postgres.sh, a
    /// <see cref="ThrowawayDatabase"/>), else a temporary SQLite file.
    /// </summary>
    private static async Task<(DatabaseOptions Database, Func<Task> Dispose)> FreshDatabaseAsync()
    {
        var admin = Environment.GetEnvironmentVariable(ThrowawayDatabase.ConnectionVariable);
        if (admin is { Length: > 0 })
        {
            var postgres = await ThrowawayDatabase.CreateAsync(admin, "prevention");
            return (postgres.Options, () => postgres.DisposeAsync().AsTask());
        }
        var file = Path.Combine(Path.GetTempPath(), $"actionitems-bench-prevention-{Guid.NewGuid():N}.db");
        var sqlite = new SqliteConnectionStringBuilder { DataSource = file, ForeignKeys = true, Pooling = true };
        var database = new DatabaseOptions(DatabaseProvider.Sqlite, sqlite.ToString(), file);
        await MigrateAsync(database);
        return (database, () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
            return Task.CompletedTask;
        });
    }

    private static string? FindDefaultManifest()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, "tests", "prevention-corpus", "manifest.json");
            if (File.Exists(manifest))
            {
                return manifest;
            }
        }
        return null;
    }

    /// <summary>The manifest's format names: extract's own (wikitext, wikitech, markdown, html); anything else is detected.</summary>
    private static DocumentFormat? Format(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "wikitext" or "mediawiki" => DocumentFormat.Wikitext,
        "wikitech" or "wikitech-rendered" or "rendered" => DocumentFormat.WikitechRendered,
        "markdown" or "md" => DocumentFormat.Markdown,
        "html" => DocumentFormat.Html,
        _ => null,
    };

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record Manifest(
        [property: JsonPropertyName("documents")] List<ManifestDocument> Documents,
        [property: JsonPropertyName("pairs")] List<ManifestPair> Pairs);

    private sealed record ManifestDocument(string File, string? Format, string? Source, string? Licence, string? Organisation);

    /// <summary><paramref name="Implicit"/>: the later report names neither the earlier incident nor its follow-up (docs/prevention-corpus.md, "Labelling").</summary>
    private sealed record ManifestPair(string Later, string Earlier, string EarlierItem, string? Evidence, bool Implicit = false);
}
