using ActionItems.Core.Domain;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>Owners cross as tracker accounts: local people are found by username, remote accounts become people.</summary>
[Collection(SyncScenario.Collection)]
public class OwnerScenarioTests
{
    private static async Task<Person> PersonAsync(SyncScenario s, string name, string? username)
    {
        await using var db = s.Db();
        var person = new Person { DisplayName = name, PhabricatorUsername = username, CreatedAt = DateTimeOffset.UtcNow };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    }

    [Fact]
    public async Task A_local_owner_known_by_username_is_assigned_on_the_task_and_remembered()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var alice = await PersonAsync(s, "Alice", s.Phorge.Alice.Username);
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();

        await s.AssignAsync(item.Id, alice.Id);
        await s.DrainAsync();

        Assert.Equal(s.Phorge.Alice.Phid, Assert.Single(s.Phorge.Phorge.AllTasks()).OwnerPhid);
        await using var db = s.Db();
        Assert.Equal(s.Phorge.Alice.Phid, (await db.People.SingleAsync(p => p.Id == alice.Id)).PhabricatorPhid);
        Assert.Null((await s.LoadAsync(item.Id)).Link.LastError);
    }

    [Fact]
    public async Task A_local_owner_without_a_tracker_account_leaves_the_remote_owner_alone_and_says_so_on_the_link()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging", owner: s.Phorge.Alice);
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        var nobody = await PersonAsync(s, "Someone New", null);

        await s.AssignAsync(item.Id, nobody.Id, (i, c) => i.SetPriority(Priority.High, c));
        await s.DrainAsync();

        var remote = s.Phorge.Phorge.FindTask(task.Monogram)!;
        Assert.Equal((s.Phorge.Alice.Phid, 80), (remote.OwnerPhid, remote.Priority));
        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal(nobody.Id, stored.OwnerId);
        // The owners differ for good: the link does not say Linked.
        Assert.Equal(TrackerLinkState.Diverged, link.State);
        Assert.Contains("Someone New", link.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_owner_unknown_here_becomes_a_person()
    {
        await using var s = await SyncScenario.StartAsync();
        var bob = s.Phorge.Phorge.AddUser("bob", "Bob Builder");
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();

        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("owner", bob.Phid));
        await s.PollAsync();

        var (stored, _) = await s.LoadAsync(item.Id);
        Assert.Equal(("Bob Builder", "bob", bob.Phid), (stored.Owner?.DisplayName, stored.Owner?.PhabricatorUsername, stored.Owner?.PhabricatorPhid));
    }

    [Fact]
    public async Task Closing_an_unassigned_item_keeps_it_unassigned_although_Phorge_makes_the_sync_bot_the_tasks_owner()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        await s.PollAsync();

        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c));
        await s.DrainAsync();
        var task = Assert.Single(s.Phorge.Phorge.AllTasks());
        // Phorge's assign-on-close: the task now belongs to the account that closed it.
        Assert.Equal(("resolved", s.Phorge.Syncbot.Phid), (task.Status, task.OwnerPhid));
        // Whatever re-reads the task next (a poll after someone else's edit, a webhook) sees that owner.
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("priority", "high"));
        await s.PollAsync();
        await s.RunAsync<PullRemoteObjectJob>(j => j.RunAsync(s.TargetId, task.Monogram, CancellationToken.None));

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((ActionItemStatus.Resolved, Priority.High, (long?)null), (stored.Status, stored.Priority, stored.OwnerId));
        Assert.DoesNotContain(stored.History, h => h.Field == HistoryFields.Owner);
        Assert.Equal((TrackerLinkState.Linked, (string?)null), (link.State, link.LastError));
        Assert.Null(link.BaseSnapshot!.Owner);
        // No clear was sent back: create and close are the only edits, and Phorge still shows the bot.
        Assert.Equal(2, s.Phorge.CallCount("maniphest.edit"));
        Assert.Equal(s.Phorge.Syncbot.Phid, s.Phorge.Phorge.FindTask(task.Monogram)!.OwnerPhid);
        await using var db = s.Db();
        Assert.False(await db.ActionItems.AnyAsync(i => i.Owner != null && i.Owner.PhabricatorPhid == s.Phorge.Syncbot.Phid));
    }

    [Fact]
    public async Task A_task_the_sync_bot_owns_since_it_closed_it_fills_its_item_as_unassigned_with_no_owner_history()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        s.Phorge.EditTask(s.Phorge.Syncbot, task.Monogram, ("status", "resolved"));
        Assert.Equal(s.Phorge.Syncbot.Phid, s.Phorge.Phorge.FindTask(task.Monogram)!.OwnerPhid);
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);

        await s.DrainAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((ActionItemStatus.Resolved, (long?)null), (stored.Status, stored.OwnerId));
        Assert.DoesNotContain(stored.History, h => h.Field == HistoryFields.Owner);
        Assert.Equal((TrackerLinkState.Linked, (string?)null), (link.State, link.LastError));
    }
}
