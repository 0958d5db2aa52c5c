using System.Diagnostics;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.FakePhorge;
using ActionItems.Sync.Jobs;
using ActionItems.Sync.Phabricator;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ActionItems.Bench;

/// <summary>
/// Sync against a fake Phorge on 127.0.0.1 with the real host (API + Hangfire server on PostgreSQL) in this
/// process, configured with one Phabricator target, as the sync scenario tests boot it. Three measurements:
/// (a) first fill of 10,000 items linked to existing tasks, written the way an import writes them;
/// (b) push of 1,000 new items under PushPolicy NewItems, then a check that exactly 1,000 tasks were created with
///     1,000 maniphest.edit and 10 maniphest.search (the created tasks read back 100 per call);
/// (c) webhook → database latency: a task edited "as another user", a signed Herald delivery to
///     /webhooks/phabricator/{target}, and the time until the change is in action_items (polled with SQL).
/// </summary>
internal static class SyncBenchmark
{
    private const string TargetName = "phorge";
    private const string WebhookSecret = "bench-webhook-hmac-key";
    private const int LinkedTasks = 10_000;
    private const int PushedItems = 1_000;
    private const int WebhookEdits = 200;
    private const int BulkEdited = 500;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(15);

    public static int Run(BenchOptions options)
    {
        if (ThrowawayDatabase.AdminConnection("sync") is not { } admin)
        {
            return 2;
        }
        return RunAsync(admin).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string admin)
    {
        await using var database = await ThrowawayDatabase.CreateAsync(admin, "sync");
        var connectionString = database.ConnectionString;
        Console.WriteLine(Machine.Describe());
        Console.WriteLine("load average at start: " + Machine.LoadAverage());

        await using var phorge = await FakePhorge.FakePhorge.StartAsync(TimeProvider.System);
        var host = await ActionItemsHost.CreateAsync(HostRole.All,
        [
            "--urls=http://127.0.0.1:0", $"--{DatabaseOptions.ConnectionStringKey}={connectionString}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
            "--Sync:Targets:0:Kind=Phabricator",
            $"--Sync:Targets:0:Name={TargetName}",
            $"--Sync:Targets:0:BaseUrl={phorge.BaseUrl}",
            $"--Sync:Targets:0:Token={phorge.Syncbot.Token}",
            $"--Sync:Targets:0:WebhookSecret={WebhookSecret}",
            $"--Sync:Targets:0:ProjectTags:0={phorge.Phorge.IncidentFollowup.Slug}",
            "--Sync:Targets:0:PushPolicy=NewItems",
            // Daily: the recurring poll must not run in the middle of a measurement.
            "--Sync:Targets:0:PollInterval=1.00:00:00",
        ], CancellationToken.None);
        await host.StartAsync();
        try
        {
            var address = new Uri(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First());
            await using var sql = NpgsqlDataSource.Create(connectionString);
            var bench = new Harness(host, phorge, sql);
            var ok = await bench.FirstFillAsync();
            ok &= await bench.FirstPollsAsync();
            ok &= await bench.PushAsync();
            ok &= await bench.WebhookLatencyAsync(new Uri(address, $"/webhooks/phabricator/{TargetName}"));
            ok &= await bench.IdlePollAfterBulkChangeAsync();
            Console.WriteLine("load average at end: " + Machine.LoadAverage());
            return ok ? 0 : 1;
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private sealed class Harness(IHost host, FakePhorge.FakePhorge phorge, NpgsqlDataSource sql)
    {
        private readonly HangfireProbe _probe = new(host.Services.GetRequiredService<JobStorage>(), sql, PhaseTimeout);
        private readonly List<(long ItemId, string Monogram)> _linked = [];

        public async Task<bool> FirstFillAsync()
        {
            Console.WriteLine();
            Console.WriteLine($"(a) first fill of {LinkedTasks:N0} linked tasks");
            var seedClock = Stopwatch.StartNew();
            var tasks = new List<PhorgeTask>(LinkedTasks);
            for (var i = 0; i < LinkedTasks; i++)
            {
                var task = phorge.CreateTask(phorge.Alice, $"Follow-up {i + 1}: add monitoring", "Filed after the outage.",
                    priority: (i % 3) switch { 0 => "high", 1 => "normal", _ => "low" }, owner: i % 2 == 0 ? phorge.Alice : null,
                    projects: [phorge.Phorge.IncidentFollowup.Slug]);
                // Every tenth task is closed.
                if (i % 10 == 0)
                {
                    phorge.EditTask(phorge.Admin, task.Monogram, ("status", "resolved"));
                }
                tasks.Add(task);
            }
            // Every other closed task was then reopened and closed again, and commented on in a later second, so its
            // full history is owed to the paced history job (the fill itself reads no transactions). The seconds are
            // waited for: the fake's clock is the system clock.
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            foreach (var task in tasks.Where((_, i) => i % 20 == 0))
            {
                phorge.EditTask(phorge.Alice, task.Monogram, ("status", "open"));
                phorge.EditTask(phorge.Alice, task.Monogram, ("status", "resolved"));
            }
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            foreach (var task in tasks.Where((_, i) => i % 20 == 0))
            {
                phorge.EditTask(phorge.Admin, task.Monogram, ("comment", "verified"));
            }
            Console.WriteLine(Machine.Invariant($"fake seeded with {tasks.Count:N0} tasks ({LinkedTasks / 10:N0} closed, {LinkedTasks / 20:N0} of them reopened and closed again) in {seedClock.Elapsed.TotalSeconds:0.0} s"));

            // One transaction, like an import of many documents committed at once: the drain is enqueued at the commit.
            var insertClock = Stopwatch.StartNew();
            var itemIds = await SyncSeed.LinkedItemsAsync(host.Services, TargetName, [.. tasks.Select(t => t.Monogram)], phorge.ResetCallCounts);
            _linked.AddRange(itemIds.Zip(tasks, (itemId, task) => (itemId, task.Monogram)));
            Console.WriteLine(Machine.Invariant($"{LinkedTasks:N0} items with links inserted in {insertClock.Elapsed.TotalSeconds:0.0} s (one transaction; not part of the fill time)"));

            var clock = Stopwatch.StartNew();
            await _probe.WaitUntilAsync("SELECT count(*) FROM tracker_links WHERE base_snapshot IS NOT NULL", LinkedTasks);
            var filled = clock.Elapsed;
            await _probe.QuietAsync();
            var quiet = clock.Elapsed;
            var backfilled = await _probe.ScalarAsync("SELECT count(*) FROM action_item_history WHERE origin = 'Phabricator' AND field = 'status'");
            var resolved = await _probe.ScalarAsync("SELECT count(*) FROM action_items WHERE status = 'Resolved'");
            var titled = await _probe.ScalarAsync("SELECT count(*) FROM action_items WHERE title LIKE 'Follow-up %'");
            Console.WriteLine(Machine.Invariant($"filled: {filled.TotalSeconds:0.00} s ({LinkedTasks / filled.TotalSeconds:0} items/s); jobs quiet after {quiet.TotalSeconds:0.00} s"));
            var owed = await _probe.ScalarAsync("SELECT count(*) FROM tracker_links WHERE history_backfill_due_at IS NOT NULL");
            Console.WriteLine(Machine.Invariant($"state: {titled:N0} items carry the task title, {resolved:N0} resolved, {backfilled:N0} status history rows with origin Phabricator, {owed:N0} links owe their full history"));
            PrintCalls();
            var fillCallsOk = phorge.CallCount("maniphest.search") == (LinkedTasks + 99) / 100 && phorge.CallCount("transaction.search") == 0;
            Console.WriteLine(fillCallsOk ? "check: ceil(N/100) maniphest.search, no transaction.search" : "CHECK FAILED: the fill is not at its call floor");

            // One run of the paced history job (every minute in production): TasksPerRun tasks, one transaction.search each.
            phorge.ResetCallCounts();
            var historyClock = Stopwatch.StartNew();
            var target = await _probe.ScalarAsync($"SELECT id FROM sync_targets WHERE name = '{TargetName}'");
            host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<BackfillHistoryJob>(j => j.RunAsync(target, CancellationToken.None));
            await _probe.QuietAsync();
            var stillOwed = await _probe.ScalarAsync("SELECT count(*) FROM tracker_links WHERE history_backfill_due_at IS NOT NULL");
            Console.WriteLine(Machine.Invariant($"one history job run: {owed - stillOwed} links in {historyClock.Elapsed.TotalSeconds:0.00} s; {stillOwed:N0} still owed (at {BackfillHistoryJob.TasksPerRun} a minute: {Math.Ceiling(stillOwed / (double)BackfillHistoryJob.TasksPerRun):0} more minutes)"));
            PrintCalls();
            var ok = fillCallsOk && titled == LinkedTasks && resolved == LinkedTasks / 10 && owed == LinkedTasks / 20;
            if (!ok)
            {
                Console.WriteLine("CHECK FAILED: not every item was filled from its task");
            }
            Console.WriteLine(_probe.FailedJobs());
            return ok;
        }

        /// <summary>
        /// The target's first poll after the fill (it re-reads every linked task once before it starts watching),
        /// then a second poll with nothing changed (expected: one call).
        /// </summary>
        public async Task<bool> FirstPollsAsync()
        {
            var targetId = await _probe.ScalarAsync($"SELECT id FROM sync_targets WHERE name = '{TargetName}'");
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            var ok = true;
            foreach (var label in new[] { "first poll after the fill", "second poll, nothing changed" })
            {
                phorge.ResetCallCounts();
                var clock = Stopwatch.StartNew();
                jobs.Enqueue<PollTargetJob>(j => j.RunAsync(targetId, CancellationToken.None));
                await _probe.QuietAsync();
                Console.WriteLine(Machine.Invariant($"{label}: {clock.Elapsed.TotalSeconds:0.00} s including ~0.5 s of quiet detection"));
                PrintCalls();
            }
            ok &= await _probe.ScalarAsync("SELECT count(*) FROM sync_targets WHERE poll_cursor IS NOT NULL") == 1;
            ok &= phorge.TotalCalls == 1;
            if (!ok)
            {
                Console.WriteLine("CHECK FAILED: the idle poll did not cost exactly one call, or no cursor was stored");
            }
            return ok;
        }

        public async Task<bool> PushAsync()
        {
            Console.WriteLine();
            Console.WriteLine($"(b) push of {PushedItems:N0} new items (PushPolicy NewItems)");
            var tasksBefore = phorge.Phorge.TaskCount;
            var insertClock = Stopwatch.StartNew();
            await SyncSeed.NewItemsAsync(host.Services, PushedItems, "Created in ActionItems; the task is created by the sync.",
                (_, _) => { }, phorge.ResetCallCounts);
            Console.WriteLine(Machine.Invariant($"{PushedItems:N0} items inserted in {insertClock.Elapsed.TotalSeconds:0.0} s (one transaction, local origin; not part of the push time)"));

            var clock = Stopwatch.StartNew();
            const string linkedSql = """
                SELECT count(*) FROM tracker_links l JOIN action_items i ON i.id = l.action_item_id
                WHERE i.title LIKE 'Pushed item %' AND l.state = 'Linked' AND l.remote_id IS NOT NULL
                """;
            await _probe.WaitUntilAsync(linkedSql, PushedItems);
            var pushed = clock.Elapsed;
            await _probe.QuietAsync();
            var quiet = clock.Elapsed;
            Console.WriteLine(Machine.Invariant($"pushed: {pushed.TotalSeconds:0.00} s ({PushedItems / pushed.TotalSeconds:0} items/s); jobs quiet after {quiet.TotalSeconds:0.00} s"));
            PrintCalls();

            var newTasks = phorge.Phorge.AllTasks().Where(t => t.Title.StartsWith("Pushed item ", StringComparison.Ordinal)).ToList();
            var distinctTitles = newTasks.Select(t => t.Title).Distinct(StringComparer.Ordinal).Count();
            var tagged = newTasks.Count(t => t.ProjectPhids.Contains(phorge.Phorge.IncidentFollowup.Phid));
            var links = await _probe.ScalarAsync("""
                SELECT count(DISTINCT l.remote_id) FROM tracker_links l JOIN action_items i ON i.id = l.action_item_id
                WHERE i.title LIKE 'Pushed item %'
                """);
            Console.WriteLine(Machine.Invariant($"fake: {phorge.Phorge.TaskCount - tasksBefore:N0} new tasks, {distinctTitles:N0} distinct titles, {tagged:N0} tagged; {links:N0} distinct remote ids in our links"));
            var ok = phorge.Phorge.TaskCount - tasksBefore == PushedItems && newTasks.Count == PushedItems && distinctTitles == PushedItems && links == PushedItems;
            Console.WriteLine(ok ? "check: exactly 1,000 tasks, no duplicates" : "CHECK FAILED: duplicates or missing tasks");
            // The floor (issue 12): one maniphest.edit per item, the created tasks read back 100 per maniphest.search.
            var floor = phorge.CallCount("maniphest.edit") == PushedItems && phorge.CallCount("maniphest.search") == (PushedItems + 99) / 100;
            Console.WriteLine(floor
                ? Machine.Invariant($"check: {PushedItems:N0} maniphest.edit + {(PushedItems + 99) / 100} maniphest.search (the call floor)")
                : Machine.Invariant($"CHECK FAILED: not at the call floor of {PushedItems:N0} maniphest.edit + {(PushedItems + 99) / 100} maniphest.search"));
            ok &= floor;
            Console.WriteLine(_probe.FailedJobs());
            return ok;
        }

        public async Task<bool> WebhookLatencyAsync(Uri webhook)
        {
            Console.WriteLine();
            Console.WriteLine($"(c) webhook → database latency, {WebhookEdits} edits as another user");
            phorge.ResetCallCounts();
            var latencies = new List<double>(WebhookEdits);
            var responses = new List<double>(WebhookEdits);
            var statuses = new Dictionary<int, int>();
            // Spread over the linked items; a few warm-up edits first (JIT, connection pools) are not counted.
            const int warmUp = 5;
            for (var n = 0; n < WebhookEdits + warmUp; n++)
            {
                var (itemId, monogram) = _linked[(n * 47) % _linked.Count];
                var title = Machine.Invariant($"Edited remotely #{n}: {monogram}");
                phorge.EditTask(phorge.Admin, monogram, ("title", title));
                var clock = Stopwatch.StartNew();
                var delivery = await phorge.DeliverWebhookAsync(webhook, WebhookSecret, monogram);
                var responded = clock.Elapsed;
                await WaitForTitleAsync(itemId, title);
                var visible = clock.Elapsed;
                if (n >= warmUp)
                {
                    latencies.Add(visible.TotalMilliseconds);
                    responses.Add(responded.TotalMilliseconds);
                    statuses[delivery.StatusCode] = statuses.GetValueOrDefault(delivery.StatusCode) + 1;
                }
            }
            await _probe.QuietAsync();
            latencies.Sort();
            responses.Sort();
            Console.WriteLine(Machine.Invariant($"webhook replies: {string.Join(", ", statuses.Select(s => $"{s.Value}× {s.Key}"))}; reply time p50 {Machine.Percentile(responses, 0.5):0.0} ms, p99 {Machine.Percentile(responses, 0.99):0.0} ms"));
            Console.WriteLine(Machine.Invariant($"change visible in the database: p50 {Machine.Percentile(latencies, 0.5):0.0} ms, p90 {Machine.Percentile(latencies, 0.9):0.0} ms, p99 {Machine.Percentile(latencies, 0.99):0.0} ms, max {latencies[^1]:0.0} ms"));
            PrintCalls();
            Console.WriteLine(_probe.FailedJobs());
            return statuses.Keys.All(code => code is >= 200 and < 300);
        }

        /// <summary>
        /// (d) Hundreds of linked tasks modified within a second or two (a bulk edit), then polls: the poll that reads them
        /// costs ceil(n/100) calls, and once Phorge's clock is 10 s past the newest change, an idle poll costs one.
        /// </summary>
        public async Task<bool> IdlePollAfterBulkChangeAsync()
        {
            Console.WriteLine();
            Console.WriteLine($"(d) idle poll after a bulk change of {BulkEdited} tasks");
            var targetId = await _probe.ScalarAsync($"SELECT id FROM sync_targets WHERE name = '{TargetName}'");
            var jobs = host.Services.GetRequiredService<IBackgroundJobClient>();
            var bulkClock = Stopwatch.StartNew();
            foreach (var (_, monogram) in _linked.Take(BulkEdited))
            {
                phorge.EditTask(phorge.Admin, monogram, ("priority", "unbreak"));
            }
            Console.WriteLine(Machine.Invariant($"{BulkEdited} tasks edited in {bulkClock.Elapsed.TotalSeconds:0.00} s"));
            // As between two polls in production (a minute): Phorge's clock has left the bulk's second behind.
            await Task.Delay(PhabricatorConnector.SettledAfter + TimeSpan.FromSeconds(1));
            var ok = true;
            foreach (var label in new[] { "poll that reads the bulk change", "next poll, nothing changed", "and the one after" })
            {
                phorge.ResetCallCounts();
                jobs.Enqueue<PollTargetJob>(j => j.RunAsync(targetId, CancellationToken.None));
                await _probe.QuietAsync();
                Console.Write(label + ": ");
                PrintCalls();
                if (label != "poll that reads the bulk change")
                {
                    ok &= phorge.TotalCalls == 1;
                }
            }
            var applied = await _probe.ScalarAsync("SELECT count(*) FROM action_items WHERE priority = 'Unbreak'");
            Console.WriteLine(Machine.Invariant($"{applied:N0} items now Unbreak"));
            ok &= applied == BulkEdited;
            Console.WriteLine(ok ? "check: every idle poll after the bulk change is one call" : "CHECK FAILED: an idle poll re-read the bulk change");
            return ok;
        }

        private void PrintCalls()
        {
            var counts = phorge.CallCounts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}");
            Console.WriteLine($"Conduit calls: {phorge.TotalCalls} ({string.Join(", ", counts)})");
        }

        private async Task WaitForTitleAsync(long itemId, string title)
        {
            var deadline = Stopwatch.StartNew();
            await using var command = sql.CreateCommand("SELECT title FROM action_items WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = itemId });
            while (!string.Equals(await command.ExecuteScalarAsync() as string, title, StringComparison.Ordinal))
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"item {itemId} never got the title '{title}': {_probe.FailedJobs()}");
                }
                await Task.Delay(2);
            }
        }
    }
}
