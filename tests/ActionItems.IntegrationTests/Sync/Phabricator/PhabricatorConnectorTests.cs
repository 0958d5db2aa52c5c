using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.FakePhorge;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>Every <see cref="ISyncConnector"/> operation of the Phabricator connector against the fake Phorge over HTTP.</summary>
public sealed class PhabricatorConnectorTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string Tag = "sustainability_incident_followup";

    [Fact]
    public async Task WhoAmI_is_the_token_owner_and_is_asked_once_per_target()
    {
        await using var h = await ConnectorHarness.StartAsync();

        var me = await h.Connector().WhoAmIAsync(None);
        var again = await h.Connector().WhoAmIAsync(None);

        Assert.Equal(new RemoteAccount(h.Fake.Syncbot.Phid, "syncbot", "Sync Bot"), me);
        Assert.Equal(me, again);
        Assert.Equal(1, h.Fake.CallCount("user.whoami"));
    }

    [Fact]
    public async Task Fetch_maps_a_task_to_local_vocabulary_and_hides_the_marker()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var key = Guid.NewGuid();
        var task = h.Fake.CreateTask(h.Fake.Syncbot, "Add alerting", SyncKeyMarker.Append("Body text.", key), priority: "high", status: "resolved",
            owner: h.Fake.Alice, projects: [Tag]);

        var item = Assert.Single(await h.Connector().FetchAsync([task.Monogram], None));

        Assert.Equal(task.Monogram, item.RemoteId);
        Assert.Equal(task.Phid, item.InternalId);
        Assert.Equal(new Uri(h.Fake.BaseUrl, task.Monogram).ToString(), item.Url);
        Assert.Equal("Add alerting", item.Fields.Title);
        Assert.Equal("Body text.", item.Fields.Description);
        Assert.Equal(ActionItemStatus.Resolved, item.Fields.Status);
        Assert.Equal("resolved", item.Fields.RemoteStatus);
        Assert.Equal(Priority.High, item.Fields.Priority);
        Assert.Equal(h.Fake.Alice.Phid, item.Fields.OwnerAccountId);
        Assert.Equal([Tag], item.Fields.Tags);
        Assert.Equal(key, item.SyncKey);
        Assert.Equal(h.Fake.Syncbot.Phid, item.AuthorAccountId);
        Assert.Equal(h.Clock.GetUtcNow().ToUnixTimeSeconds(), item.ModifiedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Fetch_of_250_ids_costs_three_searches_and_skips_missing_tasks()
    {
        await using var h = await ConnectorHarness.StartAsync();
        await h.WarmUpAsync();
        var tasks = Enumerable.Range(0, 250).Select(i => h.Fake.CreateTask(h.Fake.Admin, $"Task {i}")).ToList();
        h.Fake.Phorge.RemoveTask(tasks[7].Monogram);

        var items = await h.Connector().FetchAsync([.. tasks.Select(t => t.Monogram), "T999999", "not-an-id"], None);

        Assert.Equal(249, items.Count);
        Assert.DoesNotContain(items, i => i.RemoteId == tasks[7].Monogram);
        Assert.Equal(3, h.Fake.CallCount("maniphest.search"));
        Assert.Equal(3, h.Fake.TotalCalls);
    }

    [Fact]
    public async Task Fetch_by_phids_batches_by_100_too()
    {
        await using var h = await ConnectorHarness.StartAsync();
        await h.WarmUpAsync();
        var tasks = Enumerable.Range(0, 101).Select(i => h.Fake.CreateTask(h.Fake.Admin, $"Task {i}")).ToList();

        var items = await h.Connector().FetchAsync([.. tasks.Select(t => t.Phid)], None);

        Assert.Equal(101, items.Count);
        Assert.Equal(2, h.Fake.CallCount("maniphest.search"));
    }

    [Fact]
    public async Task A_first_poll_starts_the_watch_at_the_servers_newest_change_with_one_call()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Old task");

        var page = await h.Connector().FetchChangedAsync(null, None);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
        Assert.Equal(task.DateModified.ToString(System.Globalization.CultureInfo.InvariantCulture), page.NextCursor);
        Assert.Equal(1, h.Fake.TotalCalls);
    }

    [Fact]
    public async Task A_remote_change_is_pulled_with_its_change_time_and_a_quiet_poll_costs_one_call()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task", priority: "normal");
        var start = await h.Connector().FetchChangedAsync(null, None);
        h.Advance(TimeSpan.FromMinutes(5));
        h.Fake.EditTask(h.Fake.Alice, task.Monogram, ("status", "resolved"));
        var changedAt = h.Clock.GetUtcNow();

        var page = await h.Connector().FetchChangedAsync(start.NextCursor, None);

        var item = Assert.Single(page.Items, i => i.RemoteId == task.Monogram && i.Fields.Status == ActionItemStatus.Resolved);
        Assert.Equal(changedAt.ToUnixTimeSeconds(), item.ModifiedAt.ToUnixTimeSeconds());
        Assert.False(page.HasMore);

        h.Advance(TimeSpan.FromMinutes(5));
        h.Fake.ResetCallCounts();
        var quiet = await h.Connector().FetchChangedAsync(page.NextCursor, None);

        Assert.Equal(1, h.Fake.TotalCalls);
        Assert.Equal(1, h.Fake.CallCount("maniphest.search"));
        // The inclusive overlap may return what was already seen, never anything older than the cursor.
        Assert.All(quiet.Items, i => Assert.True(i.ModifiedAt >= changedAt.AddSeconds(-1)));
        var request = h.Fake.Calls.Single().Parameters;
        Assert.Equal("outdated", (string?)request["order"]);
        Assert.Equal(changedAt.ToUnixTimeSeconds() - 1, (long)request["constraints"]!["modifiedStart"]!);
    }

    [Fact]
    public async Task A_poll_over_250_changed_tasks_pages_by_the_string_cursor_until_it_is_null()
    {
        await using var h = await ConnectorHarness.StartAsync();
        await h.WarmUpAsync();
        var start = await h.Connector().FetchChangedAsync(null, None);
        var created = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            h.Advance(TimeSpan.FromSeconds(1));
            created.Add(h.Fake.CreateTask(h.Fake.Admin, $"Task {i}").Monogram);
        }
        h.Fake.ResetCallCounts();

        var pages = new List<RemoteChangePage>();
        var cursor = start.NextCursor;
        do
        {
            var page = await h.Connector().FetchChangedAsync(cursor, None);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (pages[^1].HasMore);

        Assert.Equal([100, 100, 50], pages.Select(p => p.Items.Count));
        Assert.Equal(created, pages.SelectMany(p => p.Items).Select(i => i.RemoteId));
        Assert.Equal(3, h.Fake.CallCount("maniphest.search"));
        Assert.All(h.Fake.Calls.Skip(1), c => Assert.IsType<string>((string?)c.Parameters["after"]));
        Assert.Equal(h.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), cursor);
    }

    [Fact]
    public async Task After_a_bulk_change_in_one_second_an_idle_poll_costs_one_call_once_the_server_clock_left_that_second()
    {
        await using var h = await ConnectorHarness.StartAsync();
        await h.WarmUpAsync();
        var tasks = Enumerable.Range(0, 250).Select(i => h.Fake.CreateTask(h.Fake.Admin, $"Task {i}")).ToList();
        h.Advance(TimeSpan.FromMinutes(1));
        var start = await h.Connector().FetchChangedAsync(null, None);
        h.Advance(TimeSpan.FromMinutes(1));
        var bulkAt = h.Clock.GetUtcNow().ToUnixTimeSeconds();
        foreach (var task in tasks)
        {
            h.Fake.EditTask(h.Fake.Alice, task.Monogram, ("priority", "high")); // all within the same second
        }

        // Read while that second may still get late commits: the next poll reads it again.
        var cursor = await DrainPagesAsync(h, start.NextCursor);
        Assert.Equal(bulkAt.ToString(System.Globalization.CultureInfo.InvariantCulture), cursor);
        h.Advance(TimeSpan.FromMinutes(1));
        h.Fake.ResetCallCounts();
        cursor = await DrainPagesAsync(h, cursor);
        Assert.Equal(3, h.Fake.CallCount("maniphest.search"));

        h.Advance(TimeSpan.FromMinutes(1));
        h.Fake.ResetCallCounts();
        var idle = await h.Connector().FetchChangedAsync(cursor, None);

        Assert.Empty(idle.Items);
        Assert.Equal(1, h.Fake.TotalCalls);
        Assert.Equal(bulkAt + 1, (long)h.Fake.Calls.Single().Parameters["constraints"]!["modifiedStart"]!);

        // A change in a later second is still seen.
        h.Fake.EditTask(h.Fake.Alice, tasks[0].Monogram, ("priority", "low"));
        var next = await h.Connector().FetchChangedAsync(idle.NextCursor, None);
        Assert.Equal(tasks[0].Monogram, Assert.Single(next.Items).RemoteId);
    }

    private static async Task<string> DrainPagesAsync(ConnectorHarness h, string cursor)
    {
        RemoteChangePage page;
        do
        {
            page = await h.Connector().FetchChangedAsync(cursor, None);
            cursor = page.NextCursor;
        }
        while (page.HasMore);
        return cursor;
    }

    [Fact]
    public async Task A_priority_added_on_the_instance_after_the_vocabulary_was_loaded_is_mapped_after_one_reload()
    {
        await using var h = await ConnectorHarness.StartAsync(t => t.PriorityMap["important"] = Priority.High);
        await h.WarmUpAsync();
        h.Fake.Phorge.SetPriorities([.. PhorgeInstance.StockPriorities, new PhorgePriority(70, "Important", ["important"], "Important", "orange")]);
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task", priority: "important");
        h.Advance(PhabricatorConnector.RefreshOnMissAfter);

        var fetched = await h.Connector().FetchAsync([task.Monogram], None);

        Assert.Equal(Priority.High, Assert.Single(fetched).Fields.Priority);
        Assert.Equal(1, h.Fake.CallCount("maniphest.priority.search"));

        // A value the instance itself does not know reloads nothing more until the vocabulary is old enough again.
        h.Fake.Phorge.SetPriorities(PhorgeInstance.StockPriorities);
        await h.Connector().FetchAsync([task.Monogram], None);
        Assert.Equal(1, h.Fake.CallCount("maniphest.priority.search"));
    }

    [Fact]
    public async Task A_status_added_on_the_instance_after_the_vocabulary_was_loaded_can_be_sent_after_one_reload()
    {
        await using var h = await ConnectorHarness.StartAsync(t => t.StatusMap["blocked"] = ActionItemStatus.Stalled);
        await h.WarmUpAsync();
        h.Fake.Phorge.SetStatuses([.. PhorgeInstance.StockStatuses, new PhorgeStatus("blocked", "Blocked", false)]);
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task");
        h.Advance(PhabricatorConnector.RefreshOnMissAfter);

        await h.Connector().UpdateAsync(new RemoteItemRef(task.Monogram, task.Phid, null),
            new RemoteFieldChanges { Status = ActionItemStatus.Stalled }, None);

        Assert.Equal("blocked", Assert.Single(await h.Connector().FetchAsync([task.Phid], None)).Fields.RemoteStatus);
        Assert.Equal(1, h.Fake.CallCount("maniphest.status.search"));
    }

    [Fact]
    public async Task A_poll_whose_cursor_task_was_deleted_between_pages_restarts_without_losing_changes()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var start = await h.Connector().FetchChangedAsync(null, None);
        var created = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            h.Advance(TimeSpan.FromSeconds(1));
            created.Add(h.Fake.CreateTask(h.Fake.Admin, $"Task {i}").Monogram);
        }
        var first = await h.Connector().FetchChangedAsync(start.NextCursor, None);
        h.Fake.Phorge.RemoveTask(first.Items[^1].RemoteId);

        var seen = first.Items.Select(i => i.RemoteId).ToList();
        var page = first;
        while (page.HasMore)
        {
            page = await h.Connector().FetchChangedAsync(page.NextCursor, None);
            seen.AddRange(page.Items.Select(i => i.RemoteId));
        }

        Assert.Equal(created, seen.Distinct());
    }

    [Fact]
    public async Task Create_makes_one_task_with_marker_keyword_priority_owner_and_project_in_one_edit_and_answers_its_ids()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var key = Guid.NewGuid();
        var draft = new RemoteDraft(key, new RemoteFields
        {
            Title = "Document failover runbook",
            Description = "From INC-43.",
            Priority = Priority.High,
            Status = ActionItemStatus.Open,
            OwnerAccountId = h.Fake.Alice.Phid,
        });

        var written = await h.Connector().CreateAsync(draft, None);

        var stored = Assert.Single(h.Fake.Phorge.AllTasks());
        Assert.Equal((stored.Monogram, stored.Phid, null), (written.RemoteId, written.InternalId, written.Item));
        // maniphest.edit answers ids only: the read-back is the engine's, batched.
        Assert.Equal(0, h.Fake.CallCount("maniphest.search"));
        var item = Assert.Single(await h.Connector().FetchAsync([written.InternalId], None));
        Assert.Equal(stored.Monogram, item.RemoteId);
        Assert.Equal(key, item.SyncKey);
        Assert.Equal("From INC-43.", item.Fields.Description);
        Assert.Equal(SyncKeyMarker.Append("From INC-43.", key), stored.Description);
        Assert.Equal(80, stored.Priority);
        Assert.Equal(h.Fake.Alice.Phid, stored.OwnerPhid);
        Assert.Equal([h.Fake.Phorge.IncidentFollowup.Phid], stored.ProjectPhids);
        Assert.Equal(h.Fake.Syncbot.Phid, stored.AuthorPhid);
        Assert.Equal([Tag], item.Fields.Tags);
        var edit = Assert.Single(h.Fake.Calls, c => c.Method == "maniphest.edit");
        Assert.Equal(["title", "description", "priority", "owner", "projects.add"],
            edit.Parameters["transactions"]!.AsArray().Select(t => (string)t!["type"]!));
        Assert.Equal("high", (string?)edit.Parameters["transactions"]![2]!["value"]);
        // JSON-in-form with the token inside params, as the acting bot.
        Assert.All(h.Fake.Calls, c => Assert.False(c.FlatForm));
        Assert.All(h.Fake.Calls, c => Assert.Equal("syncbot", c.Username));
    }

    [Fact]
    public async Task Update_sends_only_the_changed_fields_in_one_edit_and_answers_the_ids_without_reading_the_task()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var key = Guid.NewGuid();
        var created = await CreateAndReadAsync(h, new RemoteDraft(key, new RemoteFields { Title = "Before", Description = "Keep me." }));
        h.Fake.ResetCallCounts();
        h.Advance(TimeSpan.FromMinutes(1));

        var written = await h.Connector().UpdateAsync(new RemoteItemRef(created.RemoteId, created.InternalId, key),
            new RemoteFieldChanges { Title = "After", Status = ActionItemStatus.Resolved, Priority = Priority.Low }, None);

        Assert.Equal((created.RemoteId, created.InternalId, null), (written.RemoteId, written.InternalId, written.Item));
        Assert.Equal(0, h.Fake.CallCount("maniphest.search"));
        var updated = Assert.Single(await h.Connector().FetchAsync([written.InternalId], None));
        var edit = Assert.Single(h.Fake.Calls, c => c.Method == "maniphest.edit");
        Assert.Equal(["title", "status", "priority"], edit.Parameters["transactions"]!.AsArray().Select(t => (string)t!["type"]!));
        Assert.Equal(created.InternalId, (string?)edit.Parameters["objectIdentifier"]);
        Assert.Equal("After", updated.Fields.Title);
        Assert.Equal(ActionItemStatus.Resolved, updated.Fields.Status);
        Assert.Equal(Priority.Low, updated.Fields.Priority);
        Assert.Equal("Keep me.", updated.Fields.Description);
        Assert.True(updated.ModifiedAt > created.ModifiedAt);
        Assert.Equal(1, h.Fake.CallCount("maniphest.search"));
    }

    [Fact]
    public async Task An_update_phorge_considers_a_no_op_succeeds_and_changes_nothing()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var created = await CreateAndReadAsync(h, new RemoteDraft(Guid.NewGuid(), new RemoteFields { Title = "Same" }));
        var before = h.Fake.Phorge.TransactionsOf(created.InternalId).Count;
        h.Advance(TimeSpan.FromMinutes(1));

        await h.Connector().UpdateAsync(new RemoteItemRef(created.RemoteId, created.InternalId, created.SyncKey),
            new RemoteFieldChanges { Title = "Same" }, None);

        Assert.Equal(before, h.Fake.Phorge.TransactionsOf(created.InternalId).Count);
        var updated = Assert.Single(await h.Connector().FetchAsync([created.InternalId], None));
        Assert.Equal(created.ModifiedAt, updated.ModifiedAt);
    }

    [Fact]
    public async Task Update_of_the_description_keeps_the_sync_key_marker_and_owner_can_be_cleared()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var key = Guid.NewGuid();
        var created = await h.Connector().CreateAsync(new RemoteDraft(key, new RemoteFields { Title = "T", OwnerAccountId = h.Fake.Alice.Phid }), None);

        var written = await h.Connector().UpdateAsync(new RemoteItemRef(created.RemoteId, null, key),
            new RemoteFieldChanges { Description = "New text.", ClearOwner = true }, None);
        var updated = Assert.Single(await h.Connector().FetchAsync([written.InternalId], None));

        Assert.Equal("New text.", updated.Fields.Description);
        Assert.Null(updated.Fields.OwnerAccountId);
        Assert.Equal(key, updated.SyncKey);
        Assert.Equal(SyncKeyMarker.Append("New text.", key), h.Fake.Phorge.FindTask(created.RemoteId)!.Description);
    }

    [Fact]
    public async Task A_status_the_instance_does_not_have_is_refused_before_anything_is_sent()
    {
        // The stock set has no "progress": Phorge would store it as "Unknown Status" (fixture 16).
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task");
        await h.WarmUpAsync();

        var error = await Assert.ThrowsAsync<TrackerPermanentException>(() => h.Connector().UpdateAsync(
            new RemoteItemRef(task.Monogram, task.Phid, null), new RemoteFieldChanges { Status = ActionItemStatus.InProgress }, None));

        Assert.Equal("UNMAPPED-STATUS", error.Code);
        Assert.Contains("InProgress", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.Fake.CallCount("maniphest.edit"));
        Assert.Equal("open", h.Fake.Phorge.FindTask(task.Monogram)!.Status);
    }

    [Fact]
    public async Task The_instances_own_statuses_and_the_target_maps_decide_the_mapping()
    {
        await using var h = await ConnectorHarness.StartAsync(t =>
        {
            t.StatusMap["spite"] = ActionItemStatus.Invalid;
            t.PriorityMap["wish"] = Priority.Low;
        });
        h.Fake.Phorge.SetStatuses([.. PhorgeInstance.WikimediaStatuses, new PhorgeStatus("spite", "Spite", true)]);
        var task = h.Fake.CreateTask(h.Fake.Admin, "Task", status: "spite", priority: "wishlist");
        var connector = h.Connector();

        var item = Assert.Single(await connector.FetchAsync([task.Monogram], None));
        Assert.Equal(ActionItemStatus.Invalid, item.Fields.Status);
        Assert.Equal(Priority.Low, item.Fields.Priority);

        await connector.UpdateAsync(new RemoteItemRef(task.Monogram, task.Phid, null),
            new RemoteFieldChanges { Status = ActionItemStatus.InProgress, Priority = Priority.Unset }, None);
        var updated = Assert.Single(await connector.FetchAsync([task.Phid], None));
        Assert.Equal("progress", updated.Fields.RemoteStatus);
        Assert.Equal(ActionItemStatus.InProgress, updated.Fields.Status);
        Assert.Equal(90, h.Fake.Phorge.FindTask(task.Monogram)!.Priority);
        Assert.Equal(Priority.Unset, updated.Fields.Priority);

        var unmapped = h.Fake.CreateTask(h.Fake.Admin, "Odd", status: "closed-ish");
        var odd = Assert.Single(await connector.FetchAsync([unmapped.Monogram], None));
        Assert.Null(odd.Fields.Status);
        Assert.Equal("closed-ish", odd.Fields.RemoteStatus);
    }

    [Fact]
    public async Task Find_by_sync_key_looks_only_at_our_own_recent_tasks_and_matches_the_marker()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var key = Guid.NewGuid();
        var since = h.Clock.GetUtcNow();
        // Someone else quoting our marker must not be adopted.
        h.Fake.CreateTask(h.Fake.Alice, "Copy", SyncKeyMarker.Append("quoted", key));
        for (var i = 0; i < 120; i++)
        {
            h.Fake.CreateTask(h.Fake.Syncbot, $"Other {i}", SyncKeyMarker.Append("", Guid.NewGuid()));
        }
        var ours = h.Fake.CreateTask(h.Fake.Syncbot, "Ours", SyncKeyMarker.Append("", key));
        for (var i = 0; i < 5; i++)
        {
            h.Fake.CreateTask(h.Fake.Syncbot, $"Newer {i}");
        }

        var found = await h.Connector().FindBySyncKeyAsync(key, since, None);
        var missing = await h.Connector().FindBySyncKeyAsync(Guid.NewGuid(), since, None);

        Assert.Equal(ours.Monogram, found?.RemoteId);
        Assert.Null(missing);
        Assert.All(h.Fake.Calls.Where(c => c.Method == "maniphest.search"), c =>
        {
            Assert.Equal(h.Fake.Syncbot.Phid, (string?)c.Parameters["constraints"]!["authorPHIDs"]![0]);
            Assert.Equal(since.ToUnixTimeSeconds(), (long)c.Parameters["constraints"]!["createdStart"]!);
            Assert.Null(c.Parameters["constraints"]!["query"]);
        });
    }

    [Fact]
    public async Task An_unknown_outcome_create_is_found_again_by_its_sync_key()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var since = h.Clock.GetUtcNow();
        var key = Guid.NewGuid();
        h.Fake.InjectFault(PhorgeFault.ApplyThenDropConnection, "maniphest.edit");

        await Assert.ThrowsAsync<TrackerUnknownOutcomeException>(() =>
            h.Connector().CreateAsync(new RemoteDraft(key, new RemoteFields { Title = "Once" }), None));
        var found = await h.Connector().FindBySyncKeyAsync(key, since.AddMinutes(-5), None);

        Assert.Equal(1, h.Fake.Phorge.TaskCount);
        Assert.Equal("Once", found?.Fields.Title);
    }

    [Fact]
    public async Task History_lists_status_owner_priority_and_title_changes_oldest_first_in_local_terms()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "First", priority: "high");
        var created = h.Clock.GetUtcNow();
        h.Advance(TimeSpan.FromHours(1));
        h.Fake.EditTask(h.Fake.Alice, task.Monogram, ("status", "resolved"), ("comment", "done"));
        h.Advance(TimeSpan.FromHours(1));
        h.Fake.EditTask(h.Fake.Admin, task.Monogram, ("owner", h.Fake.Admin.Phid), ("title", "Second"));
        var last = h.Clock.GetUtcNow();

        var history = await h.Connector().FetchHistoryAsync(new RemoteItemRef(task.Monogram, null, null), since: null, None);

        Assert.Equal(
        [
            new RemoteHistoryEntry(HistoryFields.Title, "", "First", created, h.Fake.Admin.Phid),
            new RemoteHistoryEntry(HistoryFields.Priority, "Unset", "High", created, h.Fake.Admin.Phid),
            new RemoteHistoryEntry(HistoryFields.Status, "Open", "Resolved", created.AddHours(1), h.Fake.Alice.Phid),
            // Closing the unowned task made its closer the owner (Phorge's assign-on-close).
            new RemoteHistoryEntry(HistoryFields.Owner, null, h.Fake.Alice.Phid, created.AddHours(1), h.Fake.Alice.Phid),
            new RemoteHistoryEntry(HistoryFields.Owner, h.Fake.Alice.Phid, h.Fake.Admin.Phid, last, h.Fake.Admin.Phid),
            new RemoteHistoryEntry(HistoryFields.Title, "First", "Second", last, h.Fake.Admin.Phid),
        ], history);
    }

    [Fact]
    public async Task History_follows_the_transaction_cursor_past_100_entries()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Title 0");
        for (var i = 1; i <= 120; i++)
        {
            h.Fake.EditTask(h.Fake.Admin, task.Monogram, ("title", JsonValue.Create($"Title {i}")));
        }

        var history = await h.Connector().FetchHistoryAsync(new RemoteItemRef(task.Monogram, task.Phid, null), since: null, None);

        Assert.Equal(121, history.Count);
        Assert.Equal("Title 120", history[^1].NewValue);
        Assert.Equal(2, h.Fake.CallCount("transaction.search"));
    }

    [Fact]
    public async Task Accounts_resolve_by_phid_and_by_username()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var connector = h.Connector();

        var accounts = await connector.ResolveAccountsAsync([h.Fake.Alice.Phid, h.Fake.Admin.Phid, "PHID-USER-doesnotexist0000000", "PHID-PROJ-x"], None);
        var alice = await connector.FindAccountByUsernameAsync("alice", None);
        var nobody = await connector.FindAccountByUsernameAsync("nosuchuser", None);

        Assert.Equal(new[] { h.Fake.Admin.Phid, h.Fake.Alice.Phid }.Order(StringComparer.Ordinal), accounts.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new RemoteAccount(h.Fake.Alice.Phid, "alice", "Alice Example"), alice);
        Assert.Null(nobody);
    }

    [Fact]
    public async Task Tasks_that_are_gone_are_reported_as_gone()
    {
        await using var h = await ConnectorHarness.StartAsync();
        var task = h.Fake.CreateTask(h.Fake.Admin, "Soon deleted");
        h.Fake.Phorge.RemoveTask(task.Monogram);
        var connector = h.Connector();

        var update = await Assert.ThrowsAsync<TrackerObjectGoneException>(() =>
            connector.UpdateAsync(new RemoteItemRef(task.Monogram, null, null), new RemoteFieldChanges { Title = "x" }, None));
        var history = await Assert.ThrowsAsync<TrackerObjectGoneException>(() =>
            connector.FetchHistoryAsync(new RemoteItemRef(task.Monogram, task.Phid, null), since: null, None));

        Assert.Equal(task.Monogram, update.RemoteId);
        Assert.Equal(task.Monogram, history.RemoteId);
    }

    private static async Task<RemoteItem> CreateAndReadAsync(ConnectorHarness h, RemoteDraft draft)
    {
        var written = await h.Connector().CreateAsync(draft, None);
        return Assert.Single(await h.Connector().FetchAsync([written.InternalId], None));
    }
}
