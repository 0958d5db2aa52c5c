using ActionItems.Core.Domain;
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
}
