using System.Net.Http.Json;
using ActionItems.Core.Domain;
using ActionItems.FakePhorge;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>
/// issue 12, push at the call floor: a drain pushes its links in batches of 100 per target, one maniphest.edit per link
/// with something to send and one maniphest.search per 100 tasks read (before the merges, after the writes).
/// </summary>
[Collection(SyncScenario.Collection)]
public class PushBatchScenarioTests
{
    /// <summary>Calls made once per target and process (the vocabulary, the sync account), counted apart from the push.</summary>
    private static readonly string[] OneOffMethods = ["user.whoami", "maniphest.status.search", "maniphest.priority.search", "project.search"];

    [Fact]
    public async Task A_drain_of_150_new_items_costs_one_edit_per_item_and_one_read_back_search_per_hundred()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        const int count = 150;
        await s.AddItemsAsync(count);
        s.Phorge.ResetCallCounts();

        await s.DrainAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal(2, s.Phorge.CallCount("maniphest.search"));
        Assert.All(s.Phorge.CallCounts.Keys.Except(["maniphest.edit", "maniphest.search"]), method => Assert.Contains(method, OneOffMethods));
        Assert.Equal(count, s.Phorge.Phorge.AllTasks().Select(t => t.Title).Distinct().Count());
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked && l.BaseSnapshot != null &&
                                                                    l.RemoteVersion != null && l.RemoteUrl != null));
        Assert.False(await check.OutboxMessages.AnyAsync(m => m.ProcessedAt == null));
    }

    [Fact]
    public async Task A_drain_of_150_local_edits_costs_one_edit_per_item_and_two_searches_per_hundred_and_leaves_nothing_to_push()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        const int count = 150;
        var itemIds = await s.AddItemsAsync(count);
        await s.DrainAsync();
        await EditTitlesAsync(s, itemIds);
        s.Phorge.ResetCallCounts();

        await s.DrainAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(count, s.Phorge.CallCount("maniphest.edit"));
        // Current state of 2 × 100 tasks before the merges, 2 × 100 read back after the edits.
        Assert.Equal(4, s.Phorge.CallCount("maniphest.search"));
        Assert.All(s.Phorge.CallCounts.Keys.Except(["maniphest.edit", "maniphest.search"]), method => Assert.Contains(method, OneOffMethods));
        Assert.All(s.Phorge.Phorge.AllTasks(), t => Assert.EndsWith(" (edited)", t.Title, StringComparison.Ordinal));
        await using var check = s.Db();
        Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked));

        // The stored bases are what the tracker returned: a sync of every link reads them and sends nothing.
        s.Phorge.ResetCallCounts();
        using var client = await s.ClientAsync(ActionItems.Api.Auth.Roles.Triager);
        var requested = await client.PostAsJsonAsync("/graphql",
            new { query = $"mutation {{ requestSync(itemIds: [{string.Join(",", itemIds)}]) {{ errors {{ code }} }} }}" });
        requested.EnsureSuccessStatusCode();
        await s.QuietAsync();
        Assert.Equal(0, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal(2, s.Phorge.CallCount("maniphest.search"));
    }

    [Fact]
    public async Task Creates_whose_read_back_failed_are_read_back_on_the_retry_without_being_created_or_looked_up_again()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var itemIds = await s.AddItemsAsync(3);
        s.Phorge.ResetCallCounts();
        s.Phorge.InjectFault(PhorgeFault.ServerError, "maniphest.search");

        await s.DrainAsync();

        Assert.Equal(3, s.Phorge.Phorge.TaskCount);
        await using (var db = s.Db())
        {
            // The answers were saved as they came: each link knows its task before anything was read back.
            var links = await db.TrackerLinks.AsNoTracking().Where(l => itemIds.Contains(l.ActionItemId)).ToListAsync();
            Assert.All(links, l => Assert.Equal(TrackerLinkState.PendingCreate, l.State));
            Assert.Equal(s.Phorge.Phorge.AllTasks().Select(t => t.Phid).Order(), links.Select(l => l.RemoteInternalId).Order());
        }

        await s.RunScheduledNowAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(3, s.Phorge.Phorge.TaskCount);
        Assert.Equal(3, s.Phorge.CallCount("maniphest.edit"));
        // The failed read-back and its retry; no look-up of a sync key.
        Assert.Equal(2, s.Phorge.CallCount("maniphest.search"));
        await using var check = s.Db();
        Assert.Equal(3, await check.TrackerLinks.CountAsync(l => itemIds.Contains(l.ActionItemId) && l.State == TrackerLinkState.Linked &&
                                                                l.BaseSnapshot != null));
    }

    [Fact]
    public async Task An_edit_refused_inside_a_batch_puts_only_its_link_in_error_and_the_others_are_pushed()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var itemIds = await s.AddItemsAsync(3);
        await s.DrainAsync();
        await EditTitlesAsync(s, itemIds);
        s.Phorge.InjectFault(PhorgeFault.ErrorEnvelope("ERR-CONDUIT-CORE", "The title is not acceptable."), "maniphest.edit");

        await s.DrainAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(2, s.Phorge.Phorge.AllTasks().Count(t => t.Title.EndsWith(" (edited)", StringComparison.Ordinal)));
        await using var check = s.Db();
        var links = await check.TrackerLinks.AsNoTracking().Where(l => itemIds.Contains(l.ActionItemId)).ToListAsync();
        var refused = Assert.Single(links, l => l.State == TrackerLinkState.Error);
        Assert.Contains("The title is not acceptable.", refused.LastError, StringComparison.Ordinal);
        Assert.Equal(2, links.Count(l => l.State == TrackerLinkState.Linked));
        var parked = Assert.Single(await check.OutboxMessages.AsNoTracking().Where(m => m.ProcessedAt == null).ToListAsync());
        Assert.Equal((refused.Id, OutboxDrain.Parked), (parked.TrackerLinkId, parked.NextAttemptAt));

        // Its base was kept, so the next change of the item sends the refused title too.
        await s.ChangeItemAsync(refused.ActionItemId, (i, c) => i.SetPriority(Priority.High, c));
        await s.DrainAsync();
        var (retried, link) = await s.LoadAsync(refused.ActionItemId);
        Assert.Equal(TrackerLinkState.Linked, link.State);
        Assert.Equal(retried.Title, s.Phorge.Phorge.FindTask(link.RemoteId!)!.Title);
    }

    [Fact]
    public async Task A_create_refused_inside_a_batch_puts_only_its_link_in_error_and_the_next_change_creates_it()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var itemIds = await s.AddItemsAsync(3);
        s.Phorge.InjectFault(PhorgeFault.ErrorEnvelope("ERR-CONDUIT-CORE", "The title is not acceptable."), "maniphest.edit");

        await s.DrainAsync();

        Assert.True(s.FailedCount == 0 && s.ScheduledCount == 0, s.JobReport());
        Assert.Equal(2, s.Phorge.Phorge.TaskCount);
        long refusedItemId;
        await using (var check = s.Db())
        {
            var links = await check.TrackerLinks.AsNoTracking().Where(l => itemIds.Contains(l.ActionItemId)).ToListAsync();
            var refused = Assert.Single(links, l => l.State == TrackerLinkState.Error);
            Assert.Null(refused.RemoteId);
            Assert.Equal(2, links.Count(l => l.State == TrackerLinkState.Linked));
            refusedItemId = refused.ActionItemId;
        }

        await s.ChangeItemAsync(refusedItemId, (i, c) => i.SetPriority(Priority.High, c));
        await s.DrainAsync();

        Assert.Equal(3, s.Phorge.Phorge.TaskCount);
        var (_, link) = await s.LoadAsync(refusedItemId);
        Assert.Equal(TrackerLinkState.Linked, link.State);
    }

    /// <summary>Local edits of these items' titles in one commit, as a bulk change through the API would make them.</summary>
    private static async Task EditTitlesAsync(SyncScenario s, IReadOnlyCollection<long> itemIds)
    {
        await using var db = s.Db();
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
        foreach (var item in await db.ActionItems.Where(i => itemIds.Contains(i.Id)).ToListAsync())
        {
            item.SetTitle(item.Title + " (edited)", change);
        }
        await db.SaveChangesAsync();
    }
}
