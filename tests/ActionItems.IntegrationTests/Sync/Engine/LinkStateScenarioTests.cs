using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.FakePhorge;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>A link says whether item and task agree: Diverged when fields cannot agree, PendingFill until it was first read.</summary>
[Collection(SyncScenario.Collection)]
public class LinkStateScenarioTests
{
    [Fact]
    public async Task A_task_in_a_status_no_mapping_knows_diverges_its_link_with_the_reason_counted_in_the_target_health_until_it_is_mapped_again()
    {
        await using var s = await SyncScenario.StartAsync();
        // A custom status of this instance; neither the target's StatusMap nor the defaults know it.
        s.Phorge.Phorge.SetStatuses([.. PhorgeInstance.StockStatuses, new PhorgeStatus("needsinfo", "Needs Info", false)]);
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging");
        var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
        await s.DrainAsync();
        await s.PollAsync();
        Assert.Equal(TrackerLinkState.Linked, (await s.LoadAsync(item.Id)).Link.State);
        using var client = await s.ClientAsync(Roles.Viewer);

        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "needsinfo"));
        await s.PollAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Diverged, ActionItemStatus.Open), (link.State, stored.Status));
        Assert.Contains("'needsinfo' has no local mapping (add it to StatusMap)", link.LastError, StringComparison.Ordinal);
        Assert.NotNull(link.LastSyncedAt);
        var health = await LinkCountsAsync(client);
        Assert.Equal((1, 0), (health["DIVERGED"], health["LINKED"]));
        var graphLink = (await PostAsync(client, $$"""{ actionItem(id: "{{item.Id}}") { links { state lastError } } }"""))
            .GetProperty("actionItem").GetProperty("links")[0];
        Assert.Equal("DIVERGED", graphLink.GetProperty("state").GetString());
        Assert.Contains("needsinfo", graphLink.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "open"));
        await s.PollAsync();

        (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Linked, (string?)null, ActionItemStatus.Open), (link.State, link.LastError, stored.Status));
        health = await LinkCountsAsync(client);
        Assert.Equal((0, 1), (health["DIVERGED"], health["LINKED"]));
    }

    [Fact]
    public async Task An_imported_reference_is_pending_fill_until_its_first_sync_and_linked_after_it_while_a_reference_to_an_unconfigured_tracker_stays_pending()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Page the on-call for cache stampedes");
        using var client = await s.ClientAsync(Roles.Triager);
        var document = $"""
            # Incidents/2026-12-01 cache-stampede

            ## Actionables
            - Add paging {s.Phorge.BaseUrl.ToString().TrimEnd('/')}/{task.Monogram}
            - Raise the connection limit https://phabricator.example.org/T4242
            """;

        var imported = (await PostAsync(client, "mutation($input: PostmortemInput!) { importPostmortem(input: $input) { errors { code message } } }",
            new { input = new { text = document, format = "MARKDOWN" } })).GetProperty("importPostmortem");
        Assert.Equal(0, imported.GetProperty("errors").GetArrayLength());
        await s.QuietAsync();

        await using var db = s.Db();
        var links = await db.TrackerLinks.AsNoTracking().Include(l => l.SyncTarget).Include(l => l.ActionItem)
            .OrderBy(l => l.RemoteId).ToListAsync();
        Assert.Equal(2, links.Count);
        var filled = links.Single(l => l.SyncTargetId == s.TargetId);
        Assert.Equal((task.Monogram, TrackerLinkState.Linked, true, "Page the on-call for cache stampedes"),
            (filled.RemoteId, filled.State, filled.LastSyncedAt is not null, filled.ActionItem!.Title));
        var unconfigured = links.Single(l => l.SyncTargetId != s.TargetId);
        Assert.Equal(("phabricator.example.org", "T4242", TrackerLinkState.PendingFill, (DateTimeOffset?)null),
            (new Uri(unconfigured.SyncTarget!.BaseUrl).Host, unconfigured.RemoteId, unconfigured.State, unconfigured.LastSyncedAt));

        var targets = (await PostAsync(client, "{ syncTargets { name linkCounts { state count } } }")).GetProperty("syncTargets");
        var pending = targets.EnumerateArray().Single(t => t.GetProperty("name").GetString() != SyncScenario.TargetName)
            .GetProperty("linkCounts").EnumerateArray().Single(c => c.GetProperty("state").GetString() == "PENDING_FILL");
        Assert.Equal(1, pending.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_task_linked_by_hand_waits_for_its_fill_like_an_imported_one_and_takes_the_tasks_values()
    {
        await using var s = await SyncScenario.StartAsync();
        var task = s.Phorge.CreateTask(s.Phorge.Alice, "Page the on-call for cache stampedes", priority: "high");
        var item = await s.CreateItemAsync("Paging");
        await s.DrainAsync();
        using var client = await s.ClientAsync(Roles.Triager);

        var linked = (await PostAsync(client,
            "mutation($input: LinkTrackerTaskInput!) { linkTrackerTask(input: $input) { link { state lastSyncedAt } errors { code } } }",
            new { input = new { actionItemId = $"{item.Id}", syncTargetId = $"{s.TargetId}", remoteId = task.Monogram } }))
            .GetProperty("linkTrackerTask");
        Assert.Equal(0, linked.GetProperty("errors").GetArrayLength());
        // What the mutation stored: nothing has read the task yet.
        Assert.Equal(("PENDING_FILL", JsonValueKind.Null),
            (linked.GetProperty("link").GetProperty("state").GetString(), linked.GetProperty("link").GetProperty("lastSyncedAt").ValueKind));
        await s.QuietAsync();

        var (stored, link) = await s.LoadAsync(item.Id);
        Assert.Equal((TrackerLinkState.Linked, true), (link.State, link.LastSyncedAt is not null));
        Assert.Equal(("Page the on-call for cache stampedes", Priority.High), (stored.Title, stored.Priority));
    }

    private static async Task<Dictionary<string, int>> LinkCountsAsync(HttpClient client)
    {
        var target = (await PostAsync(client, "{ syncTargets { name linkCounts { state count } } }")).GetProperty("syncTargets")
            .EnumerateArray().Single(t => t.GetProperty("name").GetString() == SyncScenario.TargetName);
        return target.GetProperty("linkCounts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("state").GetString()!, c => c.GetProperty("count").GetInt32());
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(json.TryGetProperty("errors", out _), text);
        return json.GetProperty("data");
    }
}
