using ActionItems.Application;
using ActionItems.Application.Sync;
using ActionItems.Core.Domain;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Application;

/// <summary>Conflict resolution writes the kept value through the synced-field map, as the engine writes pulled values.</summary>
public class SyncCommandsTests
{
    [Fact]
    public async Task Keeping_the_remote_tags_replaces_only_the_targets_project_tags_and_reopens_the_link()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (linkId, itemId) = await LinkWithConflictAsync(app, HistoryFields.Tags, local: "sre-followup", remote: "sre-followup,wmf-ops");

        var result = await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "tags", ConflictKeep.Remote), Triager, default);

        Assert.True(result.Succeeded);
        await using var db = app.Database.CreateContext();
        var item = await db.ActionItems.Include(i => i.History).SingleAsync(i => i.Id == itemId);
        Assert.Equal(["local-only", "sre-followup", "wmf-ops"], item.Tags);
        var last = item.History.MaxBy(h => h.Id)!;
        Assert.Equal((HistoryFields.Tags, "alice", ChangeOrigin.Local), (last.Field, last.Actor, last.Origin));
        Assert.Equal(TrackerLinkState.Linked, (await db.TrackerLinks.SingleAsync()).State);
        var conflict = await db.SyncConflicts.SingleAsync();
        Assert.Equal((ConflictResolution.KeptRemote, "alice"), (conflict.Resolution, conflict.ResolvedBy));
        Assert.Equal(1, app.Drains.Count);
    }

    [Fact]
    public async Task Resolving_the_last_conflict_of_a_link_whose_other_fields_cannot_agree_leaves_it_diverged_not_linked()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (linkId, _) = await LinkWithConflictAsync(app, HistoryFields.Tags, local: "sre-followup", remote: "sre-followup,wmf-ops");
        await using (var db = app.Database.CreateContext())
        {
            var link = await db.TrackerLinks.SingleAsync(l => l.Id == linkId);
            link.LastError = "remote status 'needsinfo' has no local mapping (add it to StatusMap)";
            await db.SaveChangesAsync();
        }

        var result = await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "tags", ConflictKeep.Remote), Triager, default);

        Assert.True(result.Succeeded);
        await using var check = app.Database.CreateContext();
        var resolved = await check.TrackerLinks.SingleAsync();
        Assert.Equal(TrackerLinkState.Diverged, resolved.State);
        Assert.Contains("needsinfo", resolved.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeping_an_owner_account_nobody_has_is_not_found_and_leaves_the_conflict_open()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (linkId, itemId) = await LinkWithConflictAsync(app, HistoryFields.Owner, local: null, remote: "PHID-USER-nobody");

        var result = await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "owner", ConflictKeep.Remote), Triager, default);

        Assert.Equal((ErrorKind.NotFound, "keep"), (Assert.Single(result.Errors).Kind, result.Errors[0].Field));
        await using var db = app.Database.CreateContext();
        Assert.Null((await db.ActionItems.SingleAsync(i => i.Id == itemId)).OwnerId);
        Assert.True((await db.SyncConflicts.SingleAsync()).IsOpen);
        Assert.Equal(TrackerLinkState.Conflict, (await db.TrackerLinks.SingleAsync()).State);
    }

    [Fact]
    public async Task Keeping_an_owner_account_a_person_has_assigns_that_person()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (linkId, itemId) = await LinkWithConflictAsync(app, HistoryFields.Owner, local: null, remote: "PHID-USER-bob");

        var result = await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "owner", ConflictKeep.Remote), Triager, default);

        Assert.True(result.Succeeded);
        await using var db = app.Database.CreateContext();
        var bob = await db.People.SingleAsync(p => p.PhabricatorPhid == "PHID-USER-bob");
        Assert.Equal(bob.Id, (await db.ActionItems.SingleAsync(i => i.Id == itemId)).OwnerId);
    }

    [Fact]
    public async Task Resolving_refuses_an_unsynced_field_an_unknown_link_and_a_field_without_an_open_conflict()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (linkId, _) = await LinkWithConflictAsync(app, HistoryFields.Title, local: "Add an alert", remote: "Add alerts");

        Assert.Equal((ErrorKind.Validation, "field"), KindAndField(await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "team", ConflictKeep.Local), Triager, default)));
        Assert.Equal((ErrorKind.NotFound, "linkId"), KindAndField(await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(999, "title", ConflictKeep.Local), Triager, default)));
        Assert.Equal((ErrorKind.NotFound, "field"), KindAndField(await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "status", ConflictKeep.Local), Triager, default)));
        Assert.Equal(ErrorKind.Forbidden, Assert.Single((await app.Scope().Sync.ResolveConflictAsync(new ResolveConflict(linkId, "title", ConflictKeep.Local), Viewer, default)).Errors).Kind);
    }

    [Fact]
    public async Task Push_and_request_sync_refuse_more_than_500_items_and_unknown_targets_and_queue_nothing()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var (_, _, item) = await app.SeedAsync();
        var tooMany = Enumerable.Range(1, SyncCommands.MaxItems + 1).Select(i => (long)i).ToList();

        Assert.Equal((ErrorKind.Validation, "itemIds"), KindAndField(await app.Scope().Sync.PushToTrackerAsync(new PushToTracker(tooMany, "wikimedia"), Triager, default)));
        Assert.Equal((ErrorKind.NotFound, "target"), KindAndField(await app.Scope().Sync.PushToTrackerAsync(new PushToTracker([item.Id], "nowhere"), Triager, default)));
        Assert.Equal((ErrorKind.Validation, "itemIds"), KindAndField(await app.Scope().Sync.RequestSyncAsync(new RequestSync(tooMany), Triager, default)));
        Assert.Equal((ErrorKind.NotFound, "itemIds"), KindAndField(await app.Scope().Sync.RequestSyncAsync(new RequestSync([item.Id, 999]), Triager, default)));
        Assert.Equal(0, app.Jobs.Created);
    }

    /// <summary>An item tagged with one tag of its own and one of the target's, linked to T1 with an open conflict on <paramref name="field"/>.</summary>
    private static async Task<(long LinkId, long ItemId)> LinkWithConflictAsync(ApplicationHarness app, string field, string? local, string? remote)
    {
        var (_, _, item) = await app.SeedAsync();
        await using var db = app.Database.CreateContext();
        db.People.Add(new Person { DisplayName = "Bob Remote", PhabricatorPhid = "PHID-USER-bob", CreatedAt = app.Clock.GetUtcNow() });
        var target = new SyncTarget
        {
            Name = "wikimedia", Kind = TrackerKind.Phabricator, BaseUrl = "https://phabricator.example.org",
            DefaultTags = ["sre-followup", "wmf-ops"], CreatedAt = app.Clock.GetUtcNow(),
        };
        db.SyncTargets.Add(target);
        var stored = await db.ActionItems.SingleAsync(i => i.Id == item.Id);
        stored.SetTags(["local-only", "sre-followup"], new Change("seed", ChangeOrigin.Import, app.Clock.GetUtcNow()));
        var link = new TrackerLink
        {
            ActionItemId = item.Id, SyncTarget = target, RemoteId = "T1", State = TrackerLinkState.Conflict, CreatedAt = app.Clock.GetUtcNow(),
        };
        db.TrackerLinks.Add(link);
        db.SyncConflicts.Add(new SyncConflict
        {
            TrackerLink = link, Field = field, LocalValue = local, RemoteValue = remote, Winner = ConflictSide.Local,
            LocalChangedAt = app.Clock.GetUtcNow(), RemoteChangedAt = app.Clock.GetUtcNow(), CreatedAt = app.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        return (link.Id, item.Id);
    }

    private static (ErrorKind, string?) KindAndField<T>(Result<T> result) where T : class =>
        (Assert.Single(result.Errors).Kind, result.Errors[0].Field);
}
