using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>issue 5 scenarios: linking existing tasks, pushing new items, local and remote changes, no echo.</summary>
[Collection(SyncScenario.Collection)]
public class LinkAndPushScenarioTests
{
    [Fact]
    public async Task Linking_an_existing_task_fills_the_item_from_one_search_with_its_close_from_the_task_dates()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging for the API cluster", "Details in the doc", priority: "high", owner: s.Phorge.Alice);
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("priority", "unbreak"));
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("priority", "high"), ("status", "resolved"));
        var item = await s.CreateLinkedItemAsync("paging for API", task.Monogram);
        s.Phorge.ResetCallCounts();

        await s.DrainAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Linked, task.Phid), (link.State, link.RemoteInternalId));
        Assert.Equal(("Add paging for the API cluster", ActionItemStatus.Resolved, Priority.High),
            (stored.Title, stored.Status, stored.Priority));
        Assert.Equal(s.Phorge.Alice.Phid, stored.Owner?.PhabricatorPhid);
        // The close is the task's own: its time and its closer, one row, read from the search result alone.
        var close = Assert.Single(stored.History, h => h.Field == HistoryFields.Status && h.Origin == ChangeOrigin.Phabricator);
        Assert.Equal(("Open", "Resolved", s.Phorge.Admin.Username), (close.OldValue, close.NewValue, close.Actor));
        Assert.Equal(s.Phorge.Phorge.FindTask(task.Monogram)!.DateClosed, close.At.ToUnixTimeSeconds());
        Assert.Equal(0, s.Phorge.CallCount("transaction.search"));
        Assert.Equal(0, s.Phorge.CallCount("maniphest.edit"));
        // Closed once with nothing after: its history owes nothing more.
        Assert.Null(link.HistoryBackfillDueAt);
    }

    [Fact]
    public async Task A_linked_tasks_own_creation_and_close_dates_take_precedence_over_the_items()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging for the API cluster");
        s.PhorgeClock.Advance(TimeSpan.FromDays(40));
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("status", "resolved"));
        var item = await s.CreateLinkedItemAsync("paging for API", task.Monogram);

        await s.DrainAsync();

        var (stored, _) = await s.LoadAsync(item.Id);
        var remote = s.Phorge.Phorge.FindTask(task.Monogram)!;
        Assert.Equal(remote.DateCreated, stored.OpenedAt.ToUnixTimeSeconds());
        Assert.Equal(remote.DateClosed, stored.ResolvedAt?.ToUnixTimeSeconds());
        Assert.False(stored.ResolvedAtUnknown);
        Assert.Equal(40, stored.AgeDays(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_task_reopened_before_its_link_gets_its_full_history_from_the_paced_job_with_each_change_once()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Rotate keys", owner: s.Phorge.Alice);
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("status", "open"));
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("title", "Rotate all keys"));
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));
        s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("comment", "verified"));
        var item = await s.CreateLinkedItemAsync("Rotate keys", task.Monogram);
        s.Phorge.ResetCallCounts();

        await s.DrainAsync();

        Assert.Equal(0, s.Phorge.CallCount("transaction.search"));
        var (filled, link) = await s.LoadAsync(item.Id);
        Assert.NotNull(link.HistoryBackfillDueAt);
        // The fill could not know who renamed it when: the target, at the task's last modification, until the job reads it.
        Assert.Equal(SyncScenario.TargetName, filled.History.Single(h => h.Field == HistoryFields.Title && h.Origin == ChangeOrigin.Phabricator).Actor);

        await s.BackfillHistoryAsync();
        await s.BackfillHistoryAsync();

        Assert.Equal(1, s.Phorge.CallCount("transaction.search"));
        var (stored, backfilled) = await s.LoadAsync(item.Id);
        Assert.Null(backfilled.HistoryBackfillDueAt);
        var transactions = s.Phorge.Phorge.TransactionsOf(task.Phid);
        var statuses = stored.History.Where(h => h.Field == HistoryFields.Status && h.Origin == ChangeOrigin.Phabricator).OrderBy(h => h.At).ToList();
        Assert.Equal(["Resolved", "Open", "Resolved"], statuses.Select(h => h.NewValue));
        Assert.Equal([s.Phorge.Alice.Username, s.Phorge.Admin.Username, s.Phorge.Alice.Username], statuses.Select(h => h.Actor));
        Assert.Equal(transactions.Where(x => x.Type == "status").Select(x => x.DateCreated).Order(), statuses.Select(h => h.At.ToUnixTimeSeconds()));
        var rename = Assert.Single(stored.History, h => h.Field == HistoryFields.Title && h.Origin == ChangeOrigin.Phabricator && h.NewValue == "Rotate all keys");
        Assert.Equal(s.Phorge.Admin.Username, rename.Actor);
        Assert.Equal(transactions.Single(x => x.Type == "title" && x.DateCreated > task.DateCreated).DateCreated, rename.At.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_pulled_change_is_attributed_to_the_phorge_user_who_made_it_at_its_time()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add alerting");
        var item = await s.CreateLinkedItemAsync("Add alerting", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        var edit = s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("title", "Add alerting on saturation"), ("priority", "high"));
        s.Phorge.ResetCallCounts();

        await s.PollAsync();

        var (stored, _) = await s.LoadAsync(item.Id);
        var pulled = stored.History.Where(h => h.Origin == ChangeOrigin.Phabricator && h.Field is HistoryFields.Title or HistoryFields.Priority)
            .Where(h => h.NewValue is "Add alerting on saturation" or "High").ToList();
        Assert.Equal(2, pulled.Count);
        Assert.All(pulled, h => Assert.Equal((s.Phorge.Admin.Username, edit[0].DateCreated), (h.Actor, h.At.ToUnixTimeSeconds())));
        // One poll search plus one transaction read for the task whose change was applied.
        Assert.Equal(1, s.Phorge.CallCount("transaction.search"));
    }

    [Fact]
    public async Task A_bulk_change_of_many_linked_tasks_is_attributed_to_its_author_from_a_few_shared_reads()
    {
        await using var s = await SyncScenario.StartAsync();
        const int count = 150;
        var tasks = Enumerable.Range(0, count).Select(i => s.Phorge.CreateTask(s.Phorge.Alice, $"Follow-up {i}")).ToList();
        var items = new List<ActionItem>();
        foreach (var task in tasks)
        {
            items.Add(await s.CreateLinkedItemAsync(task.Title, task.Monogram));
        }
        await s.DrainAsync();
        await s.PollAsync();
        foreach (var task in tasks)
        {
            s.Phorge.EditTask(s.Phorge.Admin, task.Monogram, ("priority", "high"));
        }
        s.Phorge.ResetCallCounts();

        await s.PollAsync();

        // The tracker's recent activity, 100 transactions per call, instead of one read per task.
        Assert.InRange(s.Phorge.CallCount("transaction.search"), 1, 1 + 2 * ((count + 99) / 100));
        await using var db = s.Db();
        var pulled = await db.ActionItemHistory.Where(h => h.Field == HistoryFields.Priority && h.NewValue == "High" && h.Origin == ChangeOrigin.Phabricator)
            .Select(h => h.Actor).ToListAsync();
        Assert.Equal(count, pulled.Count);
        Assert.All(pulled, actor => Assert.Equal(s.Phorge.Admin.Username, actor));
    }

    [Fact]
    public async Task A_new_item_under_push_policy_creates_exactly_one_tagged_task_with_the_sync_key()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates", "Before they expire");

        await s.DrainAsync();
        await s.DrainAsync();
        await s.PollAsync();

        var (_, link) = await s.LoadAsync(item.Id);
        var task = Assert.Single(s.Phorge.Phorge.AllTasks());
        Assert.Equal((TrackerLinkState.Linked, task.Monogram), (link.State, link.RemoteId));
        Assert.Equal("Rotate the TLS certificates", task.Title);
        Assert.Contains(link.SyncKey!.Value.ToString(), task.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(s.Phorge.Phorge.IncidentFollowup.Phid, task.ProjectPhids);
        Assert.Equal(1, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task A_local_change_sends_one_edit_with_only_the_changed_fields_and_the_next_poll_changes_nothing()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var item = await s.CreateItemAsync("Rotate the TLS certificates", "Before they expire");
        await s.DrainAsync();
        await s.PollAsync();
        s.Phorge.ResetCallCounts();

        await s.ChangeItemAsync(item.Id, (i, c) =>
        {
            i.SetTitle("Rotate the TLS certificates yearly", c);
            i.SetPriority(Priority.High, c);
        });
        await s.DrainAsync();

        Assert.Equal(1, s.Phorge.CallCount("maniphest.edit"));
        var edit = s.Phorge.Calls.Single(c => c.Method == "maniphest.edit");
        Assert.Equal(["priority", "title"], edit.Parameters["transactions"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()).Order());
        var task = Assert.Single(s.Phorge.Phorge.AllTasks());
        Assert.Equal("Rotate the TLS certificates yearly", task.Title);

        var historyBefore = (await s.LoadAsync(item.Id)).Item.History.Count;
        s.Phorge.ResetCallCounts();
        await s.PollAsync();
        await s.DrainAsync();

        Assert.Equal(historyBefore, (await s.LoadAsync(item.Id)).Item.History.Count);
        Assert.Equal(0, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task A_remote_change_is_pulled_with_tracker_origin_and_the_remote_time()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();

        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "stalled"));
        await s.PollAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal(ActionItemStatus.Stalled, stored.Status);
        var row = stored.History.Where(h => h.Field == HistoryFields.Status).MaxBy(h => h.Id)!;
        Assert.Equal((ChangeOrigin.Phabricator, "Open", "Stalled"), (row.Origin, row.OldValue, row.NewValue));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(s.Phorge.Phorge.FindTask(task.Monogram)!.DateModified), row.At);
        Assert.Equal(TrackerLinkState.Linked, link.State);
        await using var db = s.Db();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.ActionItemId == item.Id && m.ProcessedAt == null));
    }

    [Fact]
    public async Task A_first_fill_writes_each_remote_change_into_history_once_so_open_items_over_time_agrees_with_the_stats()
    {
        await using var s = await SyncScenario.StartAsync();
        var closed = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging", priority: "high", owner: s.Phorge.Alice);
        s.Phorge.EditTask(s.Phorge.Alice, closed.Monogram, ("status", "resolved"));
        var reopened = s.Phorge.CreateTask(s.Phorge.Alice, "Fix the runbook");
        s.Phorge.EditTask(s.Phorge.Alice, reopened.Monogram, ("status", "resolved"));
        s.Phorge.EditTask(s.Phorge.Alice, reopened.Monogram, ("status", "open"));
        var open = s.Phorge.CreateTask(s.Phorge.Alice, "Rotate the keys", priority: "low");
        var items = new[]
        {
            await s.CreateLinkedItemAsync("paging", closed.Monogram),
            await s.CreateLinkedItemAsync("runbook", reopened.Monogram),
            await s.CreateLinkedItemAsync("keys", open.Monogram),
        };

        await s.DrainAsync();

        foreach (var item in items)
        {
            var (stored, link) = await s.LoadAsync(item.Id);
            Assert.Equal(TrackerLinkState.Linked, link.State);
            var twice = stored.History.Where(h => h.Origin == ChangeOrigin.Phabricator)
                .GroupBy(h => (h.Field, h.OldValue, h.NewValue, h.Actor)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var pulled = stored.History.Where(h => h.Origin == ChangeOrigin.Phabricator).GroupBy(h => (h.Field, h.NewValue))
                .Where(g => g.Count() > 1).Select(g => $"{g.Key.Field}→{g.Key.NewValue} ×{g.Count()}").ToList();
            Assert.True(twice.Count == 0 && pulled.Count == 0, $"{link.RemoteId}: {string.Join(", ", pulled)}");
        }
        using var client = await s.ClientAsync();
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var data = await GraphQLAsync(client, $$"""
            { openItemsOverTime(interval: DAY, from: "{{today.AddDays(-1):yyyy-MM-dd}}T00:00:00Z", to: "{{today.AddDays(2):yyyy-MM-dd}}T00:00:00Z") { open }
              actionItemStats(groupBy: STATUS) { key openCount } }
            """);
        var openNow = data.GetProperty("actionItemStats").EnumerateArray().Sum(g => g.GetProperty("openCount").GetInt32());
        Assert.Equal(2, openNow);
        Assert.Equal(openNow, data.GetProperty("openItemsOverTime").EnumerateArray().Last().GetProperty("open").GetInt32());
    }

    private static async Task<JsonElement> GraphQLAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query });
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(json.TryGetProperty("errors", out _), text);
        return json.GetProperty("data");
    }
}
