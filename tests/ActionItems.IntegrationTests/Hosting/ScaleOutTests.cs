using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.FakePhorge;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.IntegrationTests.Sync.Engine;
using ActionItems.Sync.Hosting;
using ActionItems.Sync.Jobs;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>
/// The scale-out topology of docs/deploy.md as real processes of the built binary: one <c>--role api</c> and two
/// <c>--role worker</c> on one PostgreSQL, syncing a fake Phorge. One worker is killed with SIGKILL in the middle of
/// a push; the other finishes the work and keeps running the recurring jobs.
/// </summary>
[Collection(SyncScenario.Collection)]
public class ScaleOutTests(ITestOutputHelper output)
{
    private const int ItemCount = 8;

    /// <summary>Each create waits this long in the fake, so the push of all items is still running when the worker dies.</summary>
    private static readonly TimeSpan CreateLatency = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task A_worker_killed_mid_push_leaves_one_task_per_item_and_the_surviving_worker_keeps_syncing()
    {
        await using var phorge = await FakePhorge.FakePhorge.StartAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        string token;
        await using (var db = database.CreateContext())
        {
            token = (await new ApiTokens(db, TimeProvider.System).CreateAsync("scale-out", Roles.Admin, "test", CancellationToken.None)).Secret;
        }
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__ActionItems"] = database.Options.ConnectionString,
            ["Sync__Targets__0__Kind"] = "Phabricator",
            ["Sync__Targets__0__Name"] = "phorge",
            ["Sync__Targets__0__BaseUrl"] = phorge.BaseUrl.ToString(),
            ["Sync__Targets__0__Token"] = phorge.Syncbot.Token,
            ["Sync__Targets__0__ProjectTags__0"] = phorge.Phorge.IncidentFollowup.Slug,
            ["Sync__Targets__0__PushPolicy"] = "NewItems",
            ["Sync__Targets__0__PollInterval"] = "00:01:00",
            // A killed worker's job goes back to the queue after this (5 minutes by default).
            [JobInvisibilityTimeout.Key.Replace(":", "__", StringComparison.Ordinal)] = "00:00:10",
        };
        await using var api = ProductProcess.Serve("api", "api", environment);
        await using var worker1 = ProductProcess.Serve("worker1", "worker", environment);
        await using var worker2 = ProductProcess.Serve("worker2", "worker", environment);
        ProductProcess[] processes = [api, worker1, worker2];
        try
        {
            using var client = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await WaitUntilAsync("the api is ready", TimeSpan.FromSeconds(180), async () =>
            {
                Assert.False(api.HasExited, "the api process exited:\n" + api.Output);
                try
                {
                    return (await client.GetAsync("/readyz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            });
            var storage = new AdvisoryLockingPostgreSqlStorage(database.Options.ConnectionString,
                new PostgreSqlStorageOptions { SchemaName = JobsRegistration.HangfireSchema, PrepareSchemaIfNecessary = false });
            await WaitUntilAsync("both workers registered a job server", TimeSpan.FromSeconds(180), () => Task.FromResult(
                storage.GetMonitoringApi().Servers().Count(s => s.Name.Contains($":{worker1.Id}:", StringComparison.Ordinal) ||
                                                                s.Name.Contains($":{worker2.Id}:", StringComparison.Ordinal)) == 2));

            phorge.InjectFault(PhorgeFault.Delay(CreateLatency), "maniphest.edit", times: 1000);
            var import = await PostGraphQlAsync(client, """
                mutation($text: String!) { importPostmortem(input: { text: $text, sourceUrl: "https://example.org/scale-out" }) {
                  incident { id } errors { code message } } }
                """, new { text = Postmortem() });
            Assert.True(import.GetProperty("data").GetProperty("importPostmortem").GetProperty("errors").GetArrayLength() == 0, import.ToString());

            // Kill the worker that runs the push once some, not all, of the tasks exist.
            await WaitUntilAsync("the push created its first tasks", TimeSpan.FromSeconds(180),
                () => Task.FromResult(phorge.Phorge.AllTasks().Count >= 2));
            // The first push to start holds the target's lock (a later one would be waiting for it).
            var pushing = storage.GetMonitoringApi().ProcessingJobs(0, 50)
                .Where(j => j.Value.Job?.Type == typeof(PushLinksJob)).OrderBy(j => j.Value.StartedAt).First().Value.ServerId;
            var victim = pushing.Contains($":{worker1.Id}:", StringComparison.Ordinal) ? worker1 : worker2;
            var survivor = victim == worker1 ? worker2 : worker1;
            var createdBeforeKill = phorge.Phorge.AllTasks().Count;
            await victim.KillAsync();
            output.WriteLine($"killed {victim.Name} (pid {victim.Id}) after {createdBeforeKill} of {ItemCount} creates");
            Assert.InRange(createdBeforeKill, 1, ItemCount - 1);

            // The surviving worker picks the push up again (the job comes back after the invisibility timeout, the
            // advisory lock was released with the killed connection) and finishes it without a second task for any item.
            await WaitUntilAsync("every item is linked", TimeSpan.FromSeconds(240), async () =>
            {
                await using var db = database.CreateContext();
                return await db.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked && l.RemoteId != null) == ItemCount;
            });
            phorge.ClearFaults();
            await using (var db = database.CreateContext())
            {
                var items = await db.ActionItems.Include(i => i.Links).ToListAsync();
                var tasks = phorge.Phorge.AllTasks();
                Assert.Equal(ItemCount, tasks.Count);
                Assert.Equal(items.Select(i => i.Title).Order(), tasks.Select(t => t.Title).Order());
                Assert.Equal(ItemCount, items.SelectMany(i => i.Links).Select(l => l.RemoteId).Distinct().Count());
            }

            // The recurring poll runs on the survivor alone: a change made in the tracker after the kill reaches its item.
            var first = phorge.Phorge.AllTasks()[0];
            phorge.EditTask(phorge.Alice, first.Monogram, ("status", "resolved"));
            await WaitUntilAsync("the recurring poll pulled the tracker's change", TimeSpan.FromSeconds(240), async () =>
            {
                await using var db = database.CreateContext();
                return await db.ActionItems.AnyAsync(i => i.Title == first.Title && i.Status == ActionItemStatus.Resolved);
            });
            Assert.False(survivor.HasExited);
            Assert.Equal(0, storage.GetMonitoringApi().FailedCount());
            Assert.Equal(ItemCount, phorge.Phorge.AllTasks().Count);
        }
        finally
        {
            foreach (var process in processes)
            {
                output.WriteLine(process.Output);
            }
        }
    }

    private static string Postmortem()
    {
        var text = new StringBuilder("# Scale-out drill\n\n## Summary\n\nA drill for the scale-out topology.\n\n## Action items\n\n");
        for (var i = 1; i <= ItemCount; i++)
        {
            text.Append("- Add safeguard number ").Append(i).Append(" to the deploy pipeline\n");
        }
        return text.ToString();
    }

    private static async Task<JsonElement> PostGraphQlAsync(HttpClient client, string query, object variables)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Upper bounds only, generous for a loaded machine: the test asserts outcomes, never durations.</summary>
    private static async Task WaitUntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for: {what}");
            }
            await Task.Delay(250);
        }
    }
}
