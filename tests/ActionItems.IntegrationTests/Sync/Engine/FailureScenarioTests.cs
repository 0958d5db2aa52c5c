using ActionItems.Core.Domain;
using ActionItems.FakePhorge;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>issue 5 scenarios: unknown outcomes, transient bursts, rate limits, bad tokens and vanished tasks.</summary>
[Collection(SyncScenario.Collection)]
public class FailureScenarioTests
{
    [Fact]
    public async Task A_create_whose_answer_was_lost_is_retried_and_still_makes_exactly_one_task()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        s.Phorge.InjectFault(PhorgeFault.ApplyThenDropConnection, "maniphest.edit");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");

        await s.DrainAsync();
        Assert.Equal(TrackerLinkState.PendingCreate, (await s.LoadAsync(item.Id)).Link.State);
        Assert.Equal(1, s.Phorge.Phorge.TaskCount);

        await s.RunScheduledNowAsync();

        var (_, link) = await s.LoadAsync(item.Id);
        var task = Assert.Single(s.Phorge.Phorge.AllTasks());
        Assert.Equal((TrackerLinkState.Linked, task.Monogram), (link.State, link.RemoteId));
        Assert.Equal(1, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task Bursts_of_server_errors_and_timeouts_are_retried_until_the_change_is_through()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();
        s.Phorge.InjectFault(PhorgeFault.ServerError, times: 2);
        s.Phorge.InjectFault(PhorgeFault.HtmlInsteadOfJson, times: 1);

        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c));
        await s.DrainAsync();
        for (var round = 0; round < 5 && s.Phorge.Phorge.AllTasks()[0].Status != "resolved"; round++)
        {
            await s.RunScheduledNowAsync();
        }

        Assert.True(Assert.Single(s.Phorge.Phorge.AllTasks()).Status == "resolved", s.JobReport());
        var (_, link) = await s.LoadAsync(item.Id);
        Assert.Equal(TrackerLinkState.Linked, link.State);
        Assert.Equal(0, s.FailedCount);
        Assert.Equal(2, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task A_rate_limited_poll_records_the_wait_and_runs_again_at_the_reset_without_sleeping()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));
        s.Phorge.InjectFault(PhorgeFault.RateLimited(TimeSpan.FromSeconds(2)), "maniphest.search");

        await s.PollAsync();

        var target = await s.TargetAsync();
        Assert.NotNull(target.RateLimitedUntil);
        Assert.Equal(1, s.ScheduledCount);
        Assert.Equal(ActionItemStatus.Open, (await s.LoadAsync(item.Id)).Item.Status);

        // The rescheduled poll runs at the reset (Hangfire's schedule poller), not in a sleeping worker.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await s.LoadAsync(item.Id)).Item.Status != ActionItemStatus.Resolved && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.Equal(ActionItemStatus.Resolved, (await s.LoadAsync(item.Id)).Item.Status);
    }

    [Fact]
    public async Task A_bad_token_halts_the_target_with_the_error_and_no_retry_storm()
    {
        await using var s = await SyncScenario.StartAsync(token: "api-" + new string('x', 28));
        var item = await s.CreateLinkedItemAsync("Add paging", "T1");

        await s.DrainAsync();
        await s.PollAsync();

        var target = await s.TargetAsync();
        Assert.NotNull(target.HaltedAt);
        Assert.Contains("ERR-INVALID-AUTH", target.LastError, StringComparison.Ordinal);
        Assert.Equal((0L, 0L), (s.ScheduledCount, s.FailedCount));

        var callsBefore = s.Phorge.TotalCalls;
        await s.PollAsync();
        await s.DrainAsync();
        Assert.Equal(callsBefore, s.Phorge.TotalCalls);
        // Never read, so still waiting for its first fill: nothing about the link itself failed.
        Assert.Equal(TrackerLinkState.PendingFill, (await s.LoadAsync(item.Id)).Link.State);
    }

    [Fact]
    public async Task A_task_that_disappeared_breaks_its_link_and_keeps_the_item()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        s.Phorge.Phorge.RemoveTask(task.Monogram);

        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c));
        await s.DrainAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Broken, ActionItemStatus.Resolved), (link.State, stored.Status));
        Assert.NotNull(link.LastError);
    }

    [Fact]
    public async Task A_referenced_task_that_does_not_exist_is_broken_at_the_first_fill()
    {
        await using var s = await SyncScenario.StartAsync();
        var item = await s.CreateLinkedItemAsync("Add paging", "T999");

        await s.DrainAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Broken, "Add paging"), (link.State, stored.Title));
    }

    [Fact]
    public async Task A_status_the_tracker_does_not_have_puts_the_link_in_error_without_retrying_until_the_item_changes()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates");
        await s.DrainAsync();

        // Stock Phorge has no "in progress" status and the target maps none.
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.InProgress, c));
        await s.DrainAsync();

        var (_, link) = await s.LoadAsync(item.Id);
        Assert.Equal(TrackerLinkState.Error, link.State);
        Assert.Contains("StatusMap", link.LastError, StringComparison.Ordinal);
        Assert.Equal((0L, 0L), (s.ScheduledCount, s.FailedCount));
        var calls = s.Phorge.TotalCalls;
        await s.DrainAsync();
        Assert.Equal(calls, s.Phorge.TotalCalls);

        await s.ChangeItemAsync(item.Id, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c));
        await s.DrainAsync();

        Assert.Equal(TrackerLinkState.Linked, (await s.LoadAsync(item.Id)).Link.State);
        Assert.Equal("resolved", Assert.Single(s.Phorge.Phorge.AllTasks()).Status);
    }
}
