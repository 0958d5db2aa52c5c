using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>issue 5 scenarios: both sides changed — different fields merge, the same field conflicts visibly and resolvably.</summary>
[Collection(SyncScenario.Collection)]
public class MergeAndConflictScenarioTests
{
    private static async Task<(SyncScenario S, ActionItem Item, string Task)> LinkedAsync(TimeSpan? remoteClockOffset = null)
    {
        var s = await SyncScenario.StartAsync(remoteClockOffset: remoteClockOffset);
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging", priority: "normal");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        return (s, item, task.Monogram);
    }

    [Fact]
    public async Task A_local_title_and_a_remote_status_change_merge_into_both_sides()
    {
        var (s, item, task) = await LinkedAsync();
        await using var _ = s;

        // The local change is made but not yet pushed when the poll sees the remote one.
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Add paging for the API", c));
        s.Phorge.EditTask(s.Phorge.Alice, task, ("status", "progress"));
        await s.PollAsync();
        await s.DrainAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        var remote = s.Phorge.Phorge.FindTask(task)!;
        Assert.Equal(("Add paging for the API", ActionItemStatus.InProgress), (stored.Title, stored.Status));
        Assert.Equal(("Add paging for the API", "progress"), (remote.Title, remote.Status));
        Assert.Equal(TrackerLinkState.Linked, link.State);
        await using var db = s.Db();
        Assert.False(await db.SyncConflicts.AnyAsync());
    }

    [Fact]
    public async Task The_same_field_changed_on_both_sides_keeps_the_newer_value_records_a_visible_conflict_and_can_be_flipped()
    {
        var (s, item, task) = await LinkedAsync();
        await using var _ = s;
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetPriority(Priority.Unbreak, c));
        // The tracker's clock is ahead: its change is the newer one.
        s.Phorge.EditTask(s.Phorge.Alice, task, ("priority", "low"));

        await s.PollAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((Priority.Low, TrackerLinkState.Conflict), (stored.Priority, link.State));
        await using (var db = s.Db())
        {
            var conflict = await db.SyncConflicts.SingleAsync();
            Assert.Equal((HistoryFields.Priority, "Unbreak", "Low", ConflictSide.Remote), (conflict.Field, conflict.LocalValue, conflict.RemoteValue, conflict.Winner));
            Assert.Null(conflict.ResolvedAt);
        }

        // Visible over GraphQL on the item and in the list, then resolved by keeping the local value.
        using var client = await s.ClientAsync(ActionItems.Api.Auth.Roles.Triager);
        var query = await PostAsync(client, $$"""{ actionItem(id: {{item.Id}}) { conflicts { field localValue remoteValue winner } } conflicts { id } }""");
        Assert.Equal("priority", query.GetProperty("data").GetProperty("actionItem").GetProperty("conflicts")[0].GetProperty("field").GetString());
        Assert.Equal(1, query.GetProperty("data").GetProperty("conflicts").GetArrayLength());

        var resolved = await PostAsync(client, $$"""mutation { resolveConflict(linkId: {{link.Id}}, field: "priority", keep: LOCAL) { errors { code } link { state } actionItem { priority } conflict { resolution } } }""");
        var payload = resolved.GetProperty("data").GetProperty("resolveConflict");
        Assert.Equal(0, payload.GetProperty("errors").GetArrayLength());
        Assert.Equal(("LINKED", "UNBREAK", "KEPT_LOCAL"), (payload.GetProperty("link").GetProperty("state").GetString(),
            payload.GetProperty("actionItem").GetProperty("priority").GetString(), payload.GetProperty("conflict").GetProperty("resolution").GetString()));

        await s.DrainAsync();
        Assert.Equal(100, s.Phorge.Phorge.FindTask(task)!.Priority);
        s.Phorge.ResetCallCounts();
        await s.PollAsync();
        Assert.Equal((Priority.Unbreak, TrackerLinkState.Linked), ((await s.LoadAsync(item.Id)).Item.Priority, (await s.LoadAsync(item.Id)).Link.State));
        Assert.Equal(0, s.Phorge.CallCount("maniphest.edit"));
    }

    [Fact]
    public async Task A_newer_local_change_wins_the_conflict_and_is_pushed_keeping_the_remote_value_in_the_record()
    {
        var (s, item, task) = await LinkedAsync(remoteClockOffset: TimeSpan.FromHours(-1));
        await using var _ = s;
        s.Phorge.EditTask(s.Phorge.Alice, task, ("title", "Remote title"));
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetTitle("Local title", c));

        await s.PollAsync();

        Assert.Equal("Local title", s.Phorge.Phorge.FindTask(task)!.Title);
        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal(("Local title", TrackerLinkState.Conflict), (stored.Title, link.State));
        await using var db = s.Db();
        var conflict = await db.SyncConflicts.SingleAsync();
        Assert.Equal(("Remote title", ConflictSide.Local), (conflict.RemoteValue, conflict.Winner));
    }

    [Fact]
    public async Task A_later_change_of_the_conflicting_field_supersedes_the_conflict()
    {
        var (s, item, task) = await LinkedAsync();
        await using var _ = s;
        await s.ChangeItemAsync(item.Id, (i, c) => i.SetPriority(Priority.Unbreak, c));
        s.Phorge.EditTask(s.Phorge.Alice, task, ("priority", "low"));
        await s.PollAsync();

        s.Phorge.EditTask(s.Phorge.Alice, task, ("priority", "high"));
        await s.PollAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((Priority.High, TrackerLinkState.Linked), (stored.Priority, link.State));
        await using var db = s.Db();
        Assert.Equal(ConflictResolution.Superseded, (await db.SyncConflicts.SingleAsync()).Resolution);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string query)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query });
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(json.TryGetProperty("errors", out _), text);
        return json;
    }
}
