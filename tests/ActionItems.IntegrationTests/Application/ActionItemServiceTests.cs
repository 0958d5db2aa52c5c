using ActionItems.Application;
using ActionItems.Application.Items;
using ActionItems.Core.Domain;
using ActionItems.Data;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Application;

/// <summary>The item use cases called directly: every validation branch answers a specific error and leaves stored data as it was.</summary>
public class ActionItemServiceTests
{
    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task Creating_an_item_records_every_field_in_history_with_the_actor_and_signals_the_drain_once(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var (incident, person, _) = await app.SeedAsync();

        var result = await app.Scope().Items.CreateAsync(new CreateActionItem(incident.Id, new ActionItemFields
        {
            Title = "Page on disk full",
            Priority = Priority.High,
            OwnerId = person.Id,
            Team = "sre",
            DueDate = new DateOnly(2027, 1, 31),
            Tags = new List<string> { "Monitoring", "monitoring" },
        }), Triager, CancellationToken.None);

        Assert.True(result.Succeeded);
        await using var db = app.Database.CreateContext();
        var stored = await db.ActionItems.Include(i => i.History).SingleAsync(i => i.Id == result.Value!.Id);
        Assert.Equal(("Page on disk full", Priority.High, person.Id, "sre"), (stored.Title, stored.Priority, stored.OwnerId, stored.Team));
        Assert.Equal(["monitoring"], stored.Tags);
        Assert.All(stored.History, h => Assert.Equal(("alice", ChangeOrigin.Local), (h.Actor, h.Origin)));
        Assert.Equal(1, app.Drains.Count);
    }

    [Fact]
    public async Task Create_refuses_a_viewer_an_unknown_incident_an_unknown_owner_and_a_blank_title_and_stores_nothing()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (incident, _, _) = await app.SeedAsync();
        var fields = new ActionItemFields { Title = "Add a runbook" };

        Assert.Equal(ErrorKind.Forbidden, Single(await app.Scope().Items.CreateAsync(new CreateActionItem(incident.Id, fields), Viewer, default)).Kind);
        Assert.Equal((ErrorKind.NotFound, "incidentId"),
            KindAndField(await app.Scope().Items.CreateAsync(new CreateActionItem(999, fields), Triager, default)));
        Assert.Equal((ErrorKind.NotFound, "ownerId"),
            KindAndField(await app.Scope().Items.CreateAsync(new CreateActionItem(incident.Id, fields with { OwnerId = 999 }), Triager, default)));
        Assert.Equal((ErrorKind.Validation, "title"),
            KindAndField(await app.Scope().Items.CreateAsync(new CreateActionItem(incident.Id, fields with { Title = "  " }), Triager, default)));

        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.ActionItems.CountAsync());
        Assert.Equal(0, app.Drains.Count);
    }

    [Fact]
    public async Task Update_changes_only_the_fields_given_and_a_null_clears_them()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (_, person, item) = await app.SeedAsync();
        var assigned = await app.Scope().Items.UpdateAsync(new UpdateActionItem(item.Id, 1,
            new ActionItemFields { OwnerId = person.Id, Team = "sre" }), Triager, default);
        Assert.True(assigned.Succeeded);

        var cleared = await app.Scope().Items.UpdateAsync(new UpdateActionItem(item.Id, 2,
            new ActionItemFields { OwnerId = null, Status = null, Tags = null }), Triager, default);

        Assert.True(cleared.Succeeded);
        await using var db = app.Database.CreateContext();
        var stored = await db.ActionItems.SingleAsync(i => i.Id == item.Id);
        Assert.Equal((null, "sre", ActionItemStatus.Open, "Add an alert", 3L), (stored.OwnerId, stored.Team, stored.Status, stored.Title, stored.Version));
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_a_conflict_that_returns_the_current_item_and_changes_nothing()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (_, _, item) = await app.SeedAsync();
        Assert.True((await app.Scope().Items.UpdateAsync(new UpdateActionItem(item.Id, 1, new ActionItemFields { Team = "sre" }), Triager, default)).Succeeded);

        var stale = await app.Scope().Items.UpdateAsync(new UpdateActionItem(item.Id, 1, new ActionItemFields { Team = "dba" }), Triager, default);

        Assert.Equal((ErrorKind.Conflict, "version"), KindAndField(stale));
        Assert.Equal(("sre", 2L), (stale.Value!.Team, stale.Value.Version));
        await using var db = app.Database.CreateContext();
        Assert.Equal("sre", (await db.ActionItems.SingleAsync(i => i.Id == item.Id)).Team);
    }

    [Fact]
    public async Task Update_refuses_an_unknown_item_an_unknown_owner_and_a_title_given_as_null()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (_, _, item) = await app.SeedAsync();

        Assert.Equal((ErrorKind.NotFound, "id"),
            KindAndField(await app.Scope().Items.UpdateAsync(new UpdateActionItem(999, 1, new ActionItemFields()), Triager, default)));
        Assert.Equal((ErrorKind.NotFound, "ownerId"),
            KindAndField(await app.Scope().Items.UpdateAsync(new UpdateActionItem(item.Id, 1, new ActionItemFields { OwnerId = 999 }), Triager, default)));
        Assert.Equal((ErrorKind.Validation, "title"),
            KindAndField(await app.Scope().Items.UpdateAsync(new UpdateActionItem(item.Id, 1, new ActionItemFields { Title = null }), Triager, default)));

        await using var db = app.Database.CreateContext();
        Assert.Equal(1L, (await db.ActionItems.SingleAsync(i => i.Id == item.Id)).Version);
    }

    [Fact]
    public async Task Set_status_checks_the_version_only_when_one_is_given()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (_, _, item) = await app.SeedAsync();

        var stale = await app.Scope().Items.SetStatusAsync(new SetActionItemStatus(item.Id, ActionItemStatus.Resolved, 7), Triager, default);
        var unchecked_ = await app.Scope().Items.SetStatusAsync(new SetActionItemStatus(item.Id, ActionItemStatus.Resolved), Triager, default);
        var missing = await app.Scope().Items.SetStatusAsync(new SetActionItemStatus(999, ActionItemStatus.Resolved), Triager, default);

        Assert.Equal(ErrorKind.Conflict, Single(stale).Kind);
        Assert.Equal(ActionItemStatus.Resolved, unchecked_.Value!.Status);
        Assert.Equal((ErrorKind.NotFound, "id"), KindAndField(missing));
    }

    [Fact]
    public async Task Assign_is_all_or_nothing_and_refuses_empty_oversized_and_pointless_requests()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (_, person, item) = await app.SeedAsync();

        Assert.Equal((ErrorKind.Validation, "ids"), KindAndField(await app.Scope().Items.AssignAsync(new AssignActionItems([]) { Team = "sre" }, Triager, default)));
        Assert.Equal((ErrorKind.Validation, "ids"), KindAndField(await app.Scope().Items.AssignAsync(
            new AssignActionItems([.. Enumerable.Range(1, AssignActionItems.MaxItems + 1).Select(i => (long)i)]) { Team = "sre" }, Triager, default)));
        Assert.Equal((ErrorKind.Validation, null), KindAndField(await app.Scope().Items.AssignAsync(new AssignActionItems([item.Id]), Triager, default)));
        var partlyUnknown = await app.Scope().Items.AssignAsync(new AssignActionItems([item.Id, 999]) { OwnerId = person.Id }, Triager, default);
        Assert.Equal((ErrorKind.NotFound, "ids"), KindAndField(partlyUnknown));

        await using var db = app.Database.CreateContext();
        Assert.Null((await db.ActionItems.SingleAsync(i => i.Id == item.Id)).OwnerId);
        Assert.Equal(0, app.Drains.Count);
    }

    [Fact]
    public async Task Linking_checks_the_task_format_per_tracker_and_one_task_per_item_and_target()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (incident, _, item) = await app.SeedAsync();
        var (phabricator, github, other) = await TargetsAndOtherItemAsync(app, incident);

        Assert.Equal((ErrorKind.Validation, "remoteId"), KindAndField(await Link(app, item.Id, phabricator.Id, "org/repo#1")));
        Assert.Equal((ErrorKind.Validation, "remoteId"), KindAndField(await Link(app, item.Id, github.Id, "T12")));
        Assert.Equal((ErrorKind.NotFound, "syncTargetId"), KindAndField(await Link(app, item.Id, 999, "T12")));
        Assert.Equal((ErrorKind.NotFound, "actionItemId"), KindAndField(await Link(app, 999, phabricator.Id, "T12")));

        var linked = await Link(app, item.Id, phabricator.Id, " T12 ");
        Assert.Equal(("T12", "https://phabricator.example.org/T12"), (linked.Value!.Link!.RemoteId, linked.Value.Link.RemoteUrl));
        Assert.Equal("https://github.com/org/repo/issues/5", (await Link(app, item.Id, github.Id, "org/repo#5")).Value!.Link!.RemoteUrl);
        Assert.Equal((ErrorKind.Conflict, "syncTargetId"), KindAndField(await Link(app, item.Id, phabricator.Id, "T13")));
        Assert.Equal((ErrorKind.Conflict, "remoteId"), KindAndField(await Link(app, other.Id, phabricator.Id, "T12")));

        await using var db = app.Database.CreateContext();
        Assert.Equal(2, await db.TrackerLinks.CountAsync());
        Assert.Equal(["wikimedia:T12", "github:org/repo#5"], await db.ActionItemHistory
            .Where(h => h.ActionItemId == item.Id && h.Field == HistoryFields.TrackerLink).OrderBy(h => h.Id).Select(h => h.NewValue!).ToListAsync());
    }

    [Fact]
    public async Task Unlinking_an_unknown_link_is_not_found_and_unlinking_records_history()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (incident, _, item) = await app.SeedAsync();
        var (phabricator, _, _) = await TargetsAndOtherItemAsync(app, incident);
        var link = (await Link(app, item.Id, phabricator.Id, "T12")).Value!.Link!;

        Assert.Equal((ErrorKind.NotFound, "linkId"), KindAndField(await app.Scope().Items.UnlinkAsync(new UnlinkTrackerTask(999), Triager, default)));
        var unlinked = await app.Scope().Items.UnlinkAsync(new UnlinkTrackerTask(link.Id), Triager, default);

        Assert.True(unlinked.Succeeded);
        await using var db = app.Database.CreateContext();
        Assert.Empty(await db.TrackerLinks.ToListAsync());
        Assert.Equal("wikimedia:T12", (await db.ActionItemHistory.Where(h => h.Field == HistoryFields.TrackerLink).OrderBy(h => h.Id).LastAsync()).OldValue);
    }

    private static Task<Result<LinkChange>> Link(ApplicationHarness app, long itemId, long targetId, string remoteId) =>
        app.Scope().Items.LinkAsync(new LinkTrackerTask(itemId, targetId, remoteId), Triager, default);

    private static async Task<(SyncTarget Phabricator, SyncTarget GitHub, ActionItem Other)> TargetsAndOtherItemAsync(ApplicationHarness app, Incident incident)
    {
        await using var db = app.Database.CreateContext();
        var phabricator = new SyncTarget { Name = "wikimedia", Kind = TrackerKind.Phabricator, BaseUrl = "https://phabricator.example.org/", CreatedAt = app.Clock.GetUtcNow() };
        var github = new SyncTarget { Name = "github", Kind = TrackerKind.GitHub, BaseUrl = "https://github.com", CreatedAt = app.Clock.GetUtcNow() };
        var other = ActionItem.Create(incident.Id, "Another item", new Change("seed", ChangeOrigin.Import, app.Clock.GetUtcNow()));
        db.AddRange(phabricator, github, other);
        await db.SaveChangesAsync();
        return (phabricator, github, other);
    }

    private static UseCaseError Single<T>(Result<T> result) where T : class => Assert.Single(result.Errors);

    private static (ErrorKind, string?) KindAndField<T>(Result<T> result) where T : class
    {
        var error = Single(result);
        return (error.Kind, error.Field);
    }
}
