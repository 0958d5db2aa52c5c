using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;

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
