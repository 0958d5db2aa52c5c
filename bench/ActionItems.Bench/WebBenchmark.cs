using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActionItems.Api.Auth;
using ActionItems.Api.Web;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Bench;

/// <summary>
/// The web app in a real browser at 100,000 items (issue 19 item 6): seeds PostgreSQL as the graphql benchmark does,
/// starts the real host serving the built app, creates a triager token, then runs bench/web/triage-browser.mjs (Node,
/// playwright-core, Debian's Chromium) as a child process, which signs in and times, round after round, a full
/// navigation to the triage page until its 50 rows are rendered and a bulk assign of those 50 until the rows show
/// the owner and until the app says the server saved it. Targets: 50 rows within 1 s, a bulk assign of 50 within
/// 500 ms, the initial route's JavaScript at most 400 KB gzipped.
/// </summary>
internal static class WebBenchmark
{
    private const string Script = "bench/web/triage-browser.mjs";
    private const double FirstRowsTargetMs = 1000;
    private const double BulkAssignTargetMs = 500;
    private const double InitialJavaScriptTargetBytes = 400 * 1024;

    /// <summary>Measured rounds; ACTIONITEMS_BENCH_WEB_ROUNDS overrides (the script also takes 3 warm-up rounds).</summary>
    private const string RoundsVariable = "ACTIONITEMS_BENCH_WEB_ROUNDS";

    private static readonly TimeSpan BrowserTimeLimit = TimeSpan.FromMinutes(30);

    /// <summary>Requests per query when the app's own queries are sent again without a browser (after 5 warm-up).</summary>
    private const int ReplayRequests = 20;

    private static readonly JsonSerializerOptions ReportJson = new() { PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static int Run(BenchOptions options)
    {
        if (ThrowawayDatabase.AdminConnection("web") is not { } admin)
        {
            return 2;
        }
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, WebAppEndpoints.FolderName, "index.html")))
        {
            Console.Error.WriteLine($"web needs the built web app beside the benchmark ({Path.Combine(AppContext.BaseDirectory, WebAppEndpoints.FolderName)}): build without -p:SkipWebBuild=true (needs Node.js 20+ and npm)");
            return 2;
        }
        var script = FindScript();
        if (script is null)
        {
            Console.Error.WriteLine($"web needs {Script} (run the benchmark from the repository's build output)");
            return 2;
        }
        var rounds = Environment.GetEnvironmentVariable(RoundsVariable) is { Length: > 0 } given
            ? int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new ArgumentException($"{RoundsVariable} must be a positive number, not {given}")
            : 20;
        using var cancellation = new CancellationTokenSource(BrowserTimeLimit);
        return RunAsync(options, admin, script, rounds, cancellation.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(BenchOptions options, string admin, string script, int rounds, CancellationToken cancellationToken)
    {
        // The api role, as in the graphql benchmark: no jobs in this process, so the outbox drain that every assign
        // enqueues is not run here (it would compete for the two cores and try to reach the seeded tracker).
        // Every round assigned 50 items, so a reused database has fewer unassigned ones than a fresh one.
        await using var api = await SeededApi.StartAsync(admin, "web", options.Seed, DateTimeOffset.UtcNow, Roles.Triager,
            " (and partly assigned)", [], cancellationToken);
        var address = api.Address.ToString();
        var loadBefore = Machine.LoadAverage();
        var started = DateTimeOffset.UtcNow;
        var report = await RunBrowserAsync(script, address, api.Secret, rounds, cancellationToken);
        if (report is null)
        {
            return 1;
        }
        var loadAfter = Machine.LoadAverage();
        var replayed = await ReplayAsync(address, api.Secret, report.Queries ?? new Dictionary<string, string>(), cancellationToken);
        Print(report, rounds, started, loadBefore, loadAfter);
        PrintReplay(replayed, Machine.LoadAverage());
        return 0;
    }

    /// <summary>Runs the browser script; its progress goes to stderr, its last stdout line is the report.</summary>
    private static async Task<BrowserReport?> RunBrowserAsync(string script, string address, string token, int rounds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.Environment["ACTIONITEMS_WEB_URL"] = address;
        start.Environment["ACTIONITEMS_WEB_TOKEN"] = token;
        start.Environment["ACTIONITEMS_WEB_ITERATIONS"] = rounds.ToString(CultureInfo.InvariantCulture);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (Node.js 20+ on PATH?)");
        string output;
        try
        {
            output = await node.StandardOutput.ReadToEndAsync(cancellationToken);
            await node.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            Console.Error.WriteLine($"the browser script did not finish within {BrowserTimeLimit.TotalMinutes:0} minutes");
            return null;
        }
        if (node.ExitCode != 0)
        {
            Console.Error.WriteLine($"the browser script failed (exit code {node.ExitCode})");
            return null;
        }
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
                   ?? throw new InvalidOperationException("the browser script printed no report");
        return JsonSerializer.Deserialize<BrowserReport>(last, ReportJson) ?? throw new InvalidOperationException("empty report");
    }

    private static void Print(BrowserReport report, int rounds, DateTimeOffset started, string loadBefore, string loadAfter)
    {
        var initialGzip = report.Scripts.Values.Sum(s => s.Gzip);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{started:yyyy-MM-dd HH:mm} UTC, {rounds} rounds after 3 warm-up rounds; load average {loadBefore} before, {loadAfter} after (1-minute load during the rounds: {report.Loads.Min():0.0}–{report.Loads.Max():0.0})"));
        Console.WriteLine();
        Console.WriteLine("| initial route's JavaScript (first navigation to /) | bytes | gzip -9 |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (path, size) in report.Scripts.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{path}` | {size.Bytes:N0} | {size.Gzip:N0} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| total (target ≤ {InitialJavaScriptTargetBytes / 1024:0} KB: {(initialGzip <= InitialJavaScriptTargetBytes ? "met" : "NOT met")}) | {report.Scripts.Values.Sum(s => s.Bytes):N0} | **{initialGzip:N0}** |"));
        Console.WriteLine();

        var navigation = report.Navigation;
        Console.WriteLine("| from the start of a full navigation to / (ms) | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        Line("document received", navigation.Select(n => n.DocumentEnd));
        Line("`Viewer` query sent (the app's JavaScript loaded and run)", navigation.Select(n => n.Viewer.Start));
        Line("`Viewer` query answered (the app checks the token first)", navigation.Select(n => n.Viewer.End));
        Line("`TriageItems` query sent", navigation.Select(n => n.TriageItems.Start));
        Line("`TriageItems` in flight (request → body read)", navigation.Select(n => n.TriageItems.End - n.TriageItems.Start));
        Line("`TriageChoices` in flight (incidents and targets for the filters)", navigation.Select(n => n.TriageChoices.End - n.TriageChoices.Start));
        Line("`TriageItems` body read → 50 rows in the page", navigation.Select(n => n.FirstRows - n.TriageItems.End));
        Line($"**50 rows in the page** (target ≤ {FirstRowsTargetMs:0} ms)", navigation.Select(n => n.FirstRows), FirstRowsTargetMs);
        Console.WriteLine();
        Console.WriteLine("| bulk assign of 50 rows, from the click on Assign (ms) | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        var bulks = report.Bulks;
        Line("all 50 rows show the owner (optimistic update)", bulks.Select(b => b.Shown));
        if (bulks.All(b => b.PeopleSearch is not null))
        {
            Line("`PeopleSearch` in flight (the first after the click: the owner's name → id, or the cleared field's search)", bulks.Select(b => b.PeopleSearch!.End - b.PeopleSearch.Start));
        }
        if (bulks.All(b => b.Assign is not null))
        {
            Line("`TriageAssignItems` sent", bulks.Select(b => b.Assign!.Start));
            Line("`TriageAssignItems` in flight (the mutation)", bulks.Select(b => b.Assign!.End - b.Assign.Start));
            Line("`TriageAssignItems` answered → notice rendered", bulks.Select(b => b.Saved - b.Assign!.End));
        }
        Line($"**\"50 items updated\"** (server committed; target ≤ {BulkAssignTargetMs:0} ms)", bulks.Select(b => b.Saved), BulkAssignTargetMs);
        if (report.Cold is { } cold)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"first navigation after sign-in (warm-up, not counted): 50 rows at {cold.FirstRows:0} ms, TriageItems {cold.TriageItems.Start:0}–{cold.TriageItems.End:0} ms"));
        }
    }

    /// <summary>
    /// The app's TriageItems and TriageChoices requests, as the browser sent them, sent again from here over loopback
    /// one after another: the server's share of the browser's figures.
    /// </summary>
    private static async Task<List<(string Name, double[] Times)>> ReplayAsync(string address, string token,
        Dictionary<string, string> queries, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var results = new List<(string Name, double[] Times)>();
        foreach (var (name, body) in queries.OrderByDescending(q => q.Key, StringComparer.Ordinal))
        {
            var times = new double[ReplayRequests];
            for (var i = -5; i < ReplayRequests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync(new Uri("/graphql", UriKind.Relative), content, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (i >= 0)
                {
                    times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                if (!response.IsSuccessStatusCode || text.Contains("\"errors\":[", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{name} sent again: HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
                }
            }
            Array.Sort(times);
            results.Add((name, times));
        }
        return results;
    }

    private static void PrintReplay(List<(string Name, double[] Times)> replayed, string load)
    {
        Console.WriteLine();
        Console.WriteLine($"The app's queries as the browser sent them, sent again from .NET over loopback (no browser; 5 warm-up, {ReplayRequests} timed, one at a time; load average {load} at the end):");
        Console.WriteLine();
        Console.WriteLine("| query (server time + loopback) | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, times) in replayed)
        {
            Line($"`{name}`", times);
        }
    }

    private static void Line(string what, IEnumerable<double> values, double? target = null)
    {
        var sorted = values.Order().ToArray();
        var p95 = Machine.Percentile(sorted, 0.95);
        var verdict = target is { } limit ? (p95 <= limit ? " (p95 met)" : " (p95 NOT met)") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {what}{verdict} | {Machine.Percentile(sorted, 0.50):0} | {p95:0} | {sorted[^1]:0} |"));
    }

    /// <summary>The script, found above the benchmark's binary (bench/ActionItems.Bench/bin/…) or the current directory.</summary>
    private static string? FindScript()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, Script);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private sealed record ScriptSize(long Bytes, long Gzip);

    private sealed record Request(double Start, double End);

    private sealed record Navigation(double FirstRows, double DocumentEnd, Request Viewer, Request TriageItems, Request TriageChoices);

    private sealed record BulkAssign(double Shown, double Saved, Request? PeopleSearch, Request? Assign);

    private sealed record BrowserReport(
        Dictionary<string, ScriptSize> Scripts,
        Navigation? Cold,
        List<Navigation> Navigation,
        List<BulkAssign> Bulks,
        List<double> Loads,
        Dictionary<string, string>? Queries);
}
