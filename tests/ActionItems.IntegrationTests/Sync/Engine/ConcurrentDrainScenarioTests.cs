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
        await AddItemsAsync(s, count);
        // The drain enqueued at the commit, the minutely sweep and other commits' drains, all at once.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(s.DrainAsync)));
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(count, s.Phorge.Phorge.AllTasks().Count);
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        // A first create looks nothing up, the merge after it reads the task once; a link job sent twice would read it again.
        Assert.Equal(count, s.Phorge.CallCount("maniphest.search"));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked));
    }

    [Fact]
    public async Task A_burst_of_first_creates_looks_up_no_sync_key_because_no_create_was_sent_before()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        const int count = 150;
        await AddItemsAsync(s, count);
        await s.DrainAsync();

        // Looking the key up before every create paged through all tasks the bot made since: 1 + … + ceil(k / 100) searches.
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal(count, s.Phorge.CallCount("maniphest.search"));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked && l.CreateAttemptedAt != null));
    }

    /// <summary>A burst of new items in one save, as an import or a bulk edit makes them.</summary>
    private static async Task AddItemsAsync(SyncScenario s, int count)
    {
        await using var db = s.Db();
        var incident = new Incident { Slug = "burst", Title = "Burst", CreatedAt = DateTimeOffset.UtcNow };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
        for (var i = 0; i < count; i++)
        {
            db.ActionItems.Add(ActionItem.Create(incident.Id, $"Burst item {i}", change));
        }
        await db.SaveChangesAsync();
    }
}
