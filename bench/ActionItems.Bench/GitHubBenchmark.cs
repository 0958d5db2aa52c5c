using System.Diagnostics;
using System.Globalization;
using ActionItems.Api.Hosting;
using ActionItems.Core;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.GitHub;
using ActionItems.Sync.Jobs;
using ActionItems.Testing.FakeGitHub;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ActionItems.Bench;

/// <summary>
/// Sync against the fake GitHub (tests/ActionItems.FakeGitHub) on 127.0.0.1 with the real host (API + Hangfire server on
/// PostgreSQL) in this process and one GitHub target, as the GitHub sync scenario tests boot it, the fake enforcing
/// GitHub's primary rate limit of 5,000 requests an hour. Measured: (a) first fill of 10,000 linked issues (100 per list
/// page), then the first polls; (b) push of 1,000 new items under PushPolicy NewItems. For each: requests by kind, wall
/// time, and the fake's count of requests refused for the spent limit (must be 0). Writes are paced
/// <c>Sync:GitHub:WriteSpacing</c> apart (the product's 1 s unless ACTIONITEMS_BENCH_WRITE_SPACING says otherwise).
/// </summary>
internal static class GitHubBenchmark
{
    private const string TargetName = "github";
    private const string Repository = "wikimedia/incident-followups";
    private const string ProjectTag = "incident-followup";
    private const int LinkedIssues = 10_000;
    private const int PushedItems = 1_000;
    private const string WriteSpacingVariable = "ACTIONITEMS_BENCH_WRITE_SPACING";

    public static int Run(BenchOptions options)
    {
        if (ThrowawayDatabase.AdminConnection("github") is not { } admin)
        {
            return 2;
        }
        TimeSpan spacing;
        try
        {
            // The host's own bounds (GitHubClientOptions.CheckWriteSpacing), checked before any database or server starts.
            spacing = ConfiguredDuration.Read(WriteSpacingVariable, Environment.GetEnvironmentVariable(WriteSpacingVariable),
                GitHubConnector.MinWriteSpacing, TimeSpan.Zero, GitHubClientOptions.MaxWriteSpacing,
                $"a duration from 00:00:00 to {GitHubClientOptions.MaxWriteSpacing.ToString("c", CultureInfo.InvariantCulture)} such as 00:00:01 or 00:00:00.050");
        }
        catch (ConfigurationErrorException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        return RunAsync(admin, spacing).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string admin, TimeSpan writeSpacing)
    {
        await using var database = await ThrowawayDatabase.CreateAsync(admin, "github");
        var connectionString = database.ConnectionString;
        Console.WriteLine(Machine.Describe());
        Console.WriteLine("load average at start: " + Machine.LoadAverage());
        Console.WriteLine(Machine.Invariant($"write spacing (Sync:GitHub:WriteSpacing): {writeSpacing:c}; fake GitHub primary limit {FakeGitHub.RateLimit:N0} an hour"));

        await using var gitHub = await FakeGitHub.StartAsync(TimeProvider.System, FakeGitHub.RateLimit);
        var host = await ActionItemsHost.CreateAsync(HostRole.All,
        [
            "--urls=http://127.0.0.1:0", $"--{DatabaseOptions.ConnectionStringKey}={connectionString}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
            $"--Sync:GitHub:WriteSpacing={writeSpacing:c}",
            "--Sync:Targets:0:Kind=GitHub",
            $"--Sync:Targets:0:Name={TargetName}",
            $"--Sync:Targets:0:BaseUrl={gitHub.BaseUrl}",
            $"--Sync:Targets:0:Token={gitHub.Syncbot.Token}",
            $"--Sync:Targets:0:Repository={Repository}",
            $"--Sync:Targets:0:ProjectTags:0={ProjectTag}",
            "--Sync:Targets:0:PushPolicy=NewItems",
            // Daily: the recurring poll must not run in the middle of a measurement.
            "--Sync:Targets:0:PollInterval=1.00:00:00",
        ], CancellationToken.None);
        await host.StartAsync();
        try
        {
            await using var sql = NpgsqlDataSource.Create(connectionString);
            var bench = new Harness(host, gitHub, sql);
            var total = Stopwatch.StartNew();
            var ok = await bench.FirstFillAsync();
            ok &= await bench.FirstPollsAsync();
            ok &= await bench.PushAsync(writeSpacing);
            Console.WriteLine();
            var (requests, charged) = bench.RequestsSoFar();
            Console.WriteLine(Machine.Invariant($"whole run: {requests:N0} requests, {charged:N0} charged to the rate limit (fake: {gitHub.RateLimitRemaining:N0} of {gitHub.HourlyLimit:N0} left this hour), {gitHub.RateLimitRejections} refused for the spent limit, {total.Elapsed.TotalSeconds:0.0} s"));
            var withinLimit = gitHub.RateLimitRejections == 0 && charged <= FakeGitHub.RateLimit;
            Console.WriteLine(withinLimit
                ? Machine.Invariant($"check: never over the limit (0 refused; {charged:N0} charged ≤ {FakeGitHub.RateLimit:N0} even if all in one hour)")
                : "CHECK FAILED: the fake refused requests for the spent limit, or the run needs more than an hour's budget");
            ok &= withinLimit;
            Console.WriteLine("load average at end: " + Machine.LoadAverage());
            return ok ? 0 : 1;
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private sealed class Harness(IHost host, FakeGitHub gitHub, NpgsqlDataSource sql)
    {
        private readonly HangfireProbe _probe = new(host.Services.GetRequiredService<JobStorage>(), sql, PhaseTimeout);
        private long? _targetId;
        private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(40);

        private int _earlierRequests;
        private int _earlierCharged;

        /// <summary>Requests of the whole run so far, and those charged to the rate limit (all but 304s and refusals).</summary>
        public (int Requests, int Charged) RequestsSoFar() =>
            (_earlierRequests + gitHub.Requests.Count, _earlierCharged + gitHub.Requests.Count(IsCharged));

        private static bool IsCharged(GitHubRequest request) => request.Status is not (304 or 401 or 403);

        /// <summary>Starts a phase's request log, keeping the run's totals.</summary>
        private void ResetRequests()
        {
            _earlierRequests += gitHub.Requests.Count;
            _earlierCharged += gitHub.Requests.Count(IsCharged);
            gitHub.ResetRequests();
        }

        private async Task<long> TargetIdAsync() =>
            _targetId ??= await _probe.ScalarAsync($"SELECT id FROM sync_targets WHERE name = '{TargetName}'");

        public async Task<bool> FirstFillAsync()
        {
            Console.WriteLine();
            Console.WriteLine($"(a) first fill of {LinkedIssues:N0} linked issues");
            var seedClock = Stopwatch.StartNew();
            var issues = new List<FakeIssue>(LinkedIssues);
            for (var i = 0; i < LinkedIssues; i++)
            {
                issues.Add(gitHub.CreateIssue(gitHub.Alice, Repository, $"Follow-up {i + 1}: add monitoring", "Filed after the outage.",
                    labels: [ProjectTag, (i % 3) switch { 0 => "priority:high", 1 => "priority:medium", _ => "priority:low" }],
                    assignee: i % 2 == 0 ? gitHub.Alice.Login : null));
            }
            // Every tenth issue is closed a second later (so it owes its history: the fill marks it for the paced job).
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            foreach (var issue in issues.Where((_, i) => i % 10 == 0))
            {
                gitHub.EditIssue(gitHub.Bob, Repository, issue.Number, edit => edit.State = "closed");
            }
            Console.WriteLine(Machine.Invariant($"fake seeded with {issues.Count:N0} issues ({LinkedIssues / 10:N0} closed) in {seedClock.Elapsed.TotalSeconds:0.0} s"));

            var insertClock = Stopwatch.StartNew();
            await SyncSeed.LinkedItemsAsync(host.Services, TargetName,
                [.. issues.Select(issue => Machine.Invariant($"{Repository}#{issue.Number}"))], ResetRequests);
            Console.WriteLine(Machine.Invariant($"{LinkedIssues:N0} items with links inserted in {insertClock.Elapsed.TotalSeconds:0.0} s (one transaction; not part of the fill time)"));

            var clock = Stopwatch.StartNew();
            await _probe.WaitUntilAsync("SELECT count(*) FROM tracker_links WHERE base_snapshot IS NOT NULL", LinkedIssues);
            var filled = clock.Elapsed;
            await _probe.QuietAsync();
            Console.WriteLine(Machine.Invariant($"filled: {filled.TotalSeconds:0.00} s ({LinkedIssues / filled.TotalSeconds:0} items/s); jobs quiet after {clock.Elapsed.TotalSeconds:0.00} s"));
            var resolved = await _probe.ScalarAsync("SELECT count(*) FROM action_items WHERE status = 'Resolved'");
            var titled = await _probe.ScalarAsync("SELECT count(*) FROM action_items WHERE title LIKE 'Follow-up %'");
            var owed = await _probe.ScalarAsync("SELECT count(*) FROM tracker_links WHERE history_backfill_due_at IS NOT NULL");
            Console.WriteLine(Machine.Invariant($"state: {titled:N0} items carry the issue title, {resolved:N0} resolved, {owed:N0} links owe their history"));
            PrintRequests();
            var lists = gitHub.RequestCount("GET", $"/repos/{Repository}/issues?") + gitHub.RequestCount("GET", "/repositories/");
            var floor = lists == (LinkedIssues + 99) / 100 && Count(r => r.Method == "GET" && !IsList(r) && r.PathAndQuery != "/user") == 0;
            Console.WriteLine(floor
                ? Machine.Invariant($"check: ceil(N/100) = {lists} list requests, no per-issue read")
                : Machine.Invariant($"CHECK FAILED: {lists} list requests; the fill is not at its floor of {(LinkedIssues + 99) / 100}"));

            // One run of the paced history job: the timeline is not read yet, so it costs no request.
            ResetRequests();
            var targetId = await TargetIdAsync();
            host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<BackfillHistoryJob>(j => j.RunAsync(targetId, CancellationToken.None));
            await _probe.QuietAsync();
            Console.Write("one history job run: ");
            PrintRequests();
            var ok = floor && titled == LinkedIssues && resolved == LinkedIssues / 10;
            if (titled != LinkedIssues || resolved != LinkedIssues / 10)
            {
                Console.WriteLine("CHECK FAILED: not every item was filled from its issue");
            }
            Console.WriteLine(_probe.FailedJobs());
            return ok;
        }

        /// <summary>The first poll (re-reads every linked issue once before it starts watching), then polls until idle.</summary>
        public async Task<bool> FirstPollsAsync()
        {
            var targetId = await TargetIdAsync();
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            foreach (var label in new[] { "first poll after the fill", "second poll (cursor settling)", "third poll, nothing changed" })
            {
                if (label.StartsWith("third", StringComparison.Ordinal))
                {
                    // As between two polls in production: GitHub's clock has left the newest change's second behind.
                    await Task.Delay(GitHubConnector.SettledAfter + TimeSpan.FromSeconds(1));
                }
                ResetRequests();
                var clock = Stopwatch.StartNew();
                jobs.Enqueue<PollTargetJob>(j => j.RunAsync(targetId, CancellationToken.None));
                await _probe.QuietAsync();
                Console.Write(Machine.Invariant($"{label}: {clock.Elapsed.TotalSeconds:0.00} s including ~0.5 s of quiet detection; "));
                PrintRequests();
            }
            var idle = gitHub.Requests.ToList();
            var ok = idle.Count == 1 && idle[0].Status == 304;
            Console.WriteLine(ok ? "check: the idle poll is one request answered 304" : "CHECK FAILED: the idle poll is not one request answered 304");
            return ok;
        }

        public async Task<bool> PushAsync(TimeSpan writeSpacing)
        {
            Console.WriteLine();
            Console.WriteLine($"(b) push of {PushedItems:N0} new items (PushPolicy NewItems)");
            var issuesBefore = gitHub.AllIssues(Repository).Count;
            await SyncSeed.NewItemsAsync(host.Services, PushedItems, "Created in ActionItems; the issue is created by the sync.",
                (item, change) => item.SetPriority(Priority.High, change), ResetRequests);

            var clock = Stopwatch.StartNew();
            const string linkedSql = """
                SELECT count(*) FROM tracker_links l JOIN action_items i ON i.id = l.action_item_id
                WHERE i.title LIKE 'Pushed item %' AND l.state = 'Linked' AND l.remote_id IS NOT NULL
                """;
            await _probe.WaitUntilAsync(linkedSql, PushedItems);
            var pushed = clock.Elapsed;
            await _probe.QuietAsync();
            Console.WriteLine(Machine.Invariant($"pushed: {pushed.TotalSeconds:0.00} s ({PushedItems / pushed.TotalSeconds:0.0} items/s; the writes alone need ≥ {(PushedItems - 1) * writeSpacing.TotalSeconds:0} s at {writeSpacing.TotalSeconds:0.###} s apart); jobs quiet after {clock.Elapsed.TotalSeconds:0.00} s"));
            PrintRequests();

            var newIssues = gitHub.AllIssues(Repository).Skip(issuesBefore).ToList();
            var distinctTitles = newIssues.Select(i => i.Title).Distinct(StringComparer.Ordinal).Count();
            var labelled = newIssues.Count(i => i.Labels.Contains(ProjectTag) && i.Labels.Contains("priority:high"));
            var links = await _probe.ScalarAsync("""
                SELECT count(DISTINCT l.remote_id) FROM tracker_links l JOIN action_items i ON i.id = l.action_item_id
                WHERE i.title LIKE 'Pushed item %'
                """);
            Console.WriteLine(Machine.Invariant($"fake: {newIssues.Count:N0} new issues, {distinctTitles:N0} distinct titles, {labelled:N0} labelled; {links:N0} distinct remote ids in our links"));
            var ok = newIssues.Count == PushedItems && distinctTitles == PushedItems && labelled == PushedItems && links == PushedItems;
            Console.WriteLine(ok ? "check: exactly 1,000 issues, no duplicates" : "CHECK FAILED: duplicates or missing issues");
            var posts = gitHub.RequestCount("POST");
            var others = Count(r => r.Method != "POST" && r.PathAndQuery != "/user");
            var floor = posts == PushedItems && others == 0;
            Console.WriteLine(floor
                ? Machine.Invariant($"check: {PushedItems:N0} creates and nothing else (labels go in the create)")
                : Machine.Invariant($"CHECK FAILED: {posts:N0} creates and {others:N0} other requests; the floor is {PushedItems:N0} creates"));
            Console.WriteLine(_probe.FailedJobs());
            return ok && floor;
        }

        private int Count(Func<GitHubRequest, bool> predicate) => gitHub.Requests.Count(predicate);

        private static bool IsList(GitHubRequest request) =>
            request.PathAndQuery.StartsWith($"/repos/{Repository}/issues?", StringComparison.Ordinal) ||
            request.PathAndQuery.StartsWith("/repositories/", StringComparison.Ordinal);

        private void PrintRequests()
        {
            var requests = gitHub.Requests.ToList();
            var kinds = requests.GroupBy(r => (r.Method, Kind: IsList(r) ? "list" : r.PathAndQuery == "/user" ? "/user" : r.Method == "GET" ? "issue" : "issues", r.Status))
                .OrderBy(g => g.Key.Method, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal)
                .Select(g => Machine.Invariant($"{g.Key.Method} {g.Key.Kind} {g.Key.Status}: {g.Count()}"));
            Console.WriteLine(Machine.Invariant($"GitHub requests: {requests.Count} ({string.Join(", ", kinds)}); rate limit remaining {gitHub.RateLimitRemaining:N0} of {gitHub.HourlyLimit:N0}, {gitHub.RateLimitRejections} refused"));
        }
    }

}
