using ActionItems.Core.Domain;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>
/// issue 13: a tracker's text is not the user's input, so a value an item cannot hold (too long, blank) never stops the
/// sync: a too-long title is kept shortened, a blank one is not taken, and neither is pushed back over the task.
/// </summary>
[Collection(SyncScenario.Collection)]
public class RemoteTextLimitScenarioTests
{
    private static async Task<(SyncScenario S, ActionItem Item, string Task)> LinkedAsync()
    {
        var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging", priority: "normal");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        return (s, item, task.Monogram);
    }

    [Fact]
    public async Task A_remote_title_longer_than_an_item_may_hold_is_kept_shortened_and_never_pushed_back()
    {
        var (s, item, task) = await LinkedAsync();
        await using var _ = s;
        var longTitle = string.Concat(Enumerable.Repeat("word ", 1_000)).Trim();
        s.Phorge.EditTask(s.Phorge.Alice, task, ("title", longTitle));

        await s.PollAsync();
        await s.DrainAsync();
        s.Phorge.ResetCallCounts();
        await s.PollAsync();
        await s.DrainAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.InRange(stored.Title.Length, FieldLimits.ItemTitle - 5, FieldLimits.ItemTitle);
        Assert.EndsWith("…", stored.Title, StringComparison.Ordinal);
        Assert.StartsWith("word word", stored.Title, StringComparison.Ordinal);
        Assert.Equal((TrackerLinkState.Linked, null), (link.State, link.LastError));
        // The tracker keeps its full title: the shortened copy is not a local edit.
        Assert.Equal(longTitle, s.Phorge.Phorge.FindTask(task)!.Title);
        Assert.Equal(0, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task A_blank_remote_title_leaves_the_item_title_and_the_other_fields_still_sync()
    {
        var (s, item, task) = await LinkedAsync();
        await using var _ = s;
        // Phorge refuses a blank title through maniphest.edit; the fake's task is blanked directly, as a database edit would.
        s.Phorge.EditTask(s.Phorge.Alice, task, ("priority", "low"));
        s.Phorge.Phorge.ForceTitle(task, "   ");

        await s.PollAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal("   ", s.Phorge.Phorge.FindTask(task)!.Title);
        Assert.Equal(("Add paging", Priority.Low), (stored.Title, stored.Priority));
        Assert.NotEqual(TrackerLinkState.Error, link.State);
        Assert.Null(link.LastError);
    }
}
