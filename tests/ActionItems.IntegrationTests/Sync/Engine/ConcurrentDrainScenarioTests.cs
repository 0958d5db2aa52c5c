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
        await using (var db = s.Db())
        {
            var incident = new Incident { Slug = "burst", Title = "Burst", CreatedAt = DateTimeOffset.UtcNow };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
            for (var i = 0; i < count; i++)
            {
                db.ActionItems.Add(ActionItem.Create(incident.Id, $"Burst item {i}", change));
            }
            // One commit enqueues one drain; the extra drains stand in for the sweep and other commits overlapping it.
            await db.SaveChangesAsync();
        }
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(s.DrainAsync)));
        await s.QuietAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(count, s.Phorge.Phorge.AllTasks().Count);
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        // A create costs one sync-key look-up and one read of the merged task; a link job sent twice costs one more read.
        Assert.Equal(2 * count, s.Phorge.CallCount("maniphest.search"));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked));
    }
}
