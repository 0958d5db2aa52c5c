using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.FakePhorge;
using ActionItems.Sync.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>Defects the sync benchmark found: drains that overlap (the one enqueued at commit and the minutely sweep).</summary>
[Collection(SyncScenario.Collection)]
public class ConcurrentDrainScenarioTests
{
    [Fact]
    public async Task Drains_running_at_once_create_each_task_once_and_send_no_link_twice()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        const int count = 60;
        await s.AddItemsAsync(count);
        // The drain enqueued at the commit, the minutely sweep and other commits' drains, all at once.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(s.DrainAsync)));
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(count, s.Phorge.Phorge.AllTasks().Count);
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        // A first create looks nothing up, the created tasks are read back in one search; a link pushed twice would be read again.
        Assert.Equal(1, s.Phorge.CallCount("maniphest.search"));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked));
    }

    [Fact]
    public async Task A_change_drained_while_a_push_holds_the_links_row_is_sent_by_the_next_push()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        await s.PollAsync();
        // The first change's edit is slow, so the second change is drained while that push holds the link's row.
        HoldEdits(s);
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates yearly", c));
        var firstPush = s.DrainAsync();
        await WaitForEditsAsync(s, 1);

        // The running push read the item before this change and settles the rows it started with when it ends.
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates every March", c));
        await s.DrainAsync();
        await firstPush;
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0, s.JobReport());
        Assert.Equal(2, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal("Rotate the TLS certificates every March", Assert.Single(s.Phorge.Phorge.AllTasks()).Title);
        await AssertNoLinkRowPendingAsync(s);
    }

    [Fact]
    public async Task A_change_drained_while_a_push_holds_a_row_nobody_claimed_is_sent_by_the_next_push()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        await s.PollAsync();
        var (_, link) = await s.LoadAsync(item.Id);
        // A pending row no drain claimed (a relayed change, or one past the drain's claim page) and a change to send.
        await using (var db = s.Db())
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Kind = OutboxKinds.LinkPush, ActionItemId = item.Id, TrackerLinkId = link.Id, CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates yearly", c));
        // The push loads that row with its links' others; its edit is slow, so the next change is drained while it runs.
        HoldEdits(s);
        var targetId = s.TargetId;
        long[] linkIds = [link.Id];
        s.Host.Host.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<PushLinksJob>(j => j.RunAsync(targetId, linkIds, CancellationToken.None));
        await WaitForEditsAsync(s, 1);

        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates every March", c));
        await s.DrainAsync();
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0, s.JobReport());
        Assert.Equal("Rotate the TLS certificates every March", Assert.Single(s.Phorge.Phorge.AllTasks()).Title);
        await AssertNoLinkRowPendingAsync(s);
    }

    [Fact]
    public async Task A_requestSync_while_a_push_holds_the_links_row_is_sent_by_a_second_push()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        await s.PollAsync();
        HoldEdits(s);
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates yearly", c));
        var firstPush = s.DrainAsync();
        await WaitForEditsAsync(s, 1);

        // A change no drain has fanned out yet, then requestSync, both while the push that read the item before them runs.
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Rotate the TLS certificates every March", c));
        await MutateAsync(s, Roles.Admin, "requestSync", $"requestSync(itemIds: [{item.Id}])");
        await firstPush;
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0, s.JobReport());
        // The running push settles only its own row; requestSync's row is a second push's, which sends the later title.
        Assert.Equal(2, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal("Rotate the TLS certificates every March", Assert.Single(s.Phorge.Phorge.AllTasks()).Title);
    }

    [Fact]
    public async Task A_conflict_kept_local_while_a_push_holds_the_links_row_is_sent_by_a_second_push()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging", priority: "normal");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        // Both sides change the priority; the tracker's change is newer, so it wins and the link holds a conflict.
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetPriority(Priority.Unbreak, c));
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("priority", "low"));
        await s.PollAsync();
        var (_, link) = await s.LoadAsync(item.Id);
        Assert.Equal(TrackerLinkState.Conflict, link.State);
        HoldEdits(s);
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Add paging for the API", c));
        var firstPush = s.DrainAsync();
        await WaitForEditsAsync(s, 1);

        // Kept local while the push that read the item (priority still Low and held) runs.
        await MutateAsync(s, Roles.Triager, "resolveConflict", $"resolveConflict(linkId: {link.Id}, field: \"priority\", keep: LOCAL)");
        await firstPush;
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0, s.JobReport());
        var remote = s.Phorge.Phorge.FindTask(task.Monogram)!;
        Assert.Equal(("Add paging for the API", 100), (remote.Title, remote.Priority));
        await AssertNoLinkRowPendingAsync(s);
    }

    /// <summary>From now on each task edit takes 3 s, so a push is still running while the test changes things; calls counted afresh.</summary>
    private static void HoldEdits(SyncScenario s)
    {
        s.Phorge.ResetCallCounts();
        s.Phorge.InjectFault(PhorgeFault.Delay(TimeSpan.FromSeconds(3)), "maniphest.edit");
    }

    /// <summary>Every link row of the outbox was settled: nothing was left for a push that will never come.</summary>
    private static async Task AssertNoLinkRowPendingAsync(SyncScenario s)
    {
        await using var check = s.Db();
        Assert.Equal(0, await check.OutboxMessages.CountAsync(m => m.TrackerLinkId != null && m.ProcessedAt == null));
    }

    private static async Task MutateAsync(SyncScenario s, string role, string field, string call)
    {
        using var client = await s.ClientAsync(role);
        using var response = await client.PostAsJsonAsync("/graphql", new { query = $"mutation {{ {call} {{ errors {{ code }} }} }}" });
        var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, payload.GetProperty("data").GetProperty(field).GetProperty("errors").GetArrayLength());
    }

    private static async Task WaitForEditsAsync(SyncScenario s, int edits)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (s.Phorge.CallCount("maniphest.edit") < edits && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(edits, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task A_burst_of_first_creates_looks_up_no_sync_key_because_no_create_was_sent_before()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        const int count = 150;
        await s.AddItemsAsync(count);
        await s.DrainAsync();

        // Looking the key up before every create paged through all tasks the bot made since: 1 + … + ceil(k / 100) searches.
        // What is left are the read-backs, 100 tasks per search.
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal((count + 99) / 100, s.Phorge.CallCount("maniphest.search"));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked && l.CreateAttemptedAt != null));
    }
}
