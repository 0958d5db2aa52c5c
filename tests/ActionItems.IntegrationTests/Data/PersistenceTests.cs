using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Data;

public class PersistenceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_entity_round_trips_with_all_its_fields(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var incident = Sample.Incident();
        var target = Sample.Phabricator();
        var owner = new Person
        {
            DisplayName = "Alice", PhabricatorUsername = "alice", PhabricatorPhid = "PHID-USER-aaaa",
            GitHubLogin = "alice-gh", Email = "alice@example.org", CreatedAt = Sample.T0,
        };
        await using (var db = database.CreateContext())
        {
            db.AddRange(incident, target, owner);
            await db.SaveChangesAsync();

            var item = ActionItem.Create(incident.Id, "Make calico restarts safe", Sample.ByAlice, "Details\nhere");
            item.Ordinal = 1;
            item.SourceSection = "Actionables";
            item.SourceText = "Make calico restarts safe";
            item.Confidence = 0.4;
            item.NeedsReview = true;
            item.SetOwner(owner, Sample.ByAlice);
            item.SetPriority(Priority.High, Sample.ByAlice);
            item.SetTeam("Traffic", Sample.ByAlice);
            item.SetDueDate(new DateOnly(2024, 12, 1), Sample.ByAlice);
            item.SetTags(["networking", "calico"], Sample.ByAlice);
            item.Links.Add(new TrackerLink
            {
                SyncTargetId = target.Id, RemoteId = "T376800", RemoteInternalId = "PHID-TASK-x",
                RemoteUrl = "https://phabricator.wikimedia.org/T376800",
                BaseSnapshot = new LinkSnapshot { Title = "Make calico restarts safe", Status = "open", Tags = ["sre"] },
                RemoteVersion = "1728450000", State = TrackerLinkState.Conflict, LastError = "none",
                LastSyncedAt = Sample.T0, SyncKey = Guid.NewGuid(), PendingSince = Sample.T0, CreatedAt = Sample.T0,
            });
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
            db.PreventionReviews.Add(new PreventionReview
            {
                IncidentId = incident.Id, CandidateActionItemId = item.Id, Verdict = PreventionVerdict.WouldHaveMitigated,
                Reviewer = "bob", Note = "partly", At = Sample.T0,
            });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            var loaded = await db.Incidents.Include(i => i.Timeline).Include(i => i.Scorecard).Include(i => i.Document)
                .SingleAsync(i => i.Slug == incident.Slug);
            Assert.Equal((incident.Title, incident.Source, incident.Format, incident.Document!.Text, incident.ContentHash),
                (loaded.Title, loaded.Source, loaded.Format, loaded.Document?.Text, loaded.ContentHash));
            Assert.Equal((incident.IncidentDate, incident.StartedAt, incident.EndedAt, incident.DetectedAt),
                (loaded.IncidentDate, loaded.StartedAt, loaded.EndedAt, loaded.DetectedAt));
            Assert.Equal((incident.Summary, incident.Impact, incident.TaskRef, incident.PeoplePaged, incident.ResponderCount, incident.DocumentStatus, incident.DocumentVersion),
                (loaded.Summary, loaded.Impact, loaded.TaskRef, loaded.PeoplePaged, loaded.ResponderCount, loaded.DocumentStatus, loaded.DocumentVersion));
            Assert.Equal(["Mark Bergsma"], loaded.Coordinators);
            Assert.Equal([TimelineMarker.OutageBegins, TimelineMarker.OutageEnds],
                loaded.Timeline.OrderBy(t => t.Ordinal).Select(t => t.Marker));
            Assert.Equal(Sample.T0.AddMinutes(68), loaded.Timeline.Single(t => t.Ordinal == 2).At);
            Assert.Equal("no google doc", loaded.Scorecard.Single(s => s.Answer == ScorecardAnswerValue.No).Note);

            var item = await db.ActionItems.Include(i => i.Owner).Include(i => i.Links).ThenInclude(l => l.SyncTarget)
                .Include(i => i.History).SingleAsync();
            Assert.Equal(("Make calico restarts safe", "Details\nhere", ActionItemStatus.Open, Priority.High, "Traffic"),
                (item.Title, item.Description, item.Status, item.Priority, item.Team));
            Assert.Equal((new DateOnly(2024, 12, 1), 0.4, true, "Actionables", 1L),
                (item.DueDate, item.Confidence, item.NeedsReview, item.SourceSection, item.Version));
            Assert.Equal(["calico", "networking"], item.Tags);
            Assert.Equal(("alice", "PHID-USER-aaaa", "alice-gh", "alice@example.org"),
                (item.Owner!.PhabricatorUsername, item.Owner.PhabricatorPhid, item.Owner.GitHubLogin, item.Owner.Email));

            var link = Assert.Single(item.Links);
            Assert.Equal(("T376800", TrackerLinkState.Conflict, "1728450000", Sample.T0),
                (link.RemoteId, link.State, link.RemoteVersion, link.LastSyncedAt));
            Assert.Equal(new LinkSnapshot { Title = "Make calico restarts safe", Status = "open", Tags = ["sre"] }, link.BaseSnapshot);
            Assert.Equal((TrackerKind.Phabricator, TimeSpan.FromMinutes(5), "NewItems"),
                (link.SyncTarget!.Kind, link.SyncTarget.PollInterval, link.SyncTarget.PushPolicy));
            Assert.Equal(["sre", "incident-followup"], link.SyncTarget.DefaultTags);

            Assert.Equal(7, item.History.Count);
            var review = await db.PreventionReviews.SingleAsync();
            Assert.Equal((PreventionVerdict.WouldHaveMitigated, "bob", "partly"), (review.Verdict, review.Reviewer, review.Note));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_writers_with_the_same_version_conflict_and_only_the_first_wins(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var itemId = await SeedItemAsync(database);

        await using var first = database.CreateContext();
        await using var second = database.CreateContext();
        var a = await first.ActionItems.SingleAsync(i => i.Id == itemId);
        var b = await second.ActionItems.SingleAsync(i => i.Id == itemId);

        a.SetStatus(ActionItemStatus.InProgress, Sample.ByAlice);
        await first.SaveChangesAsync();
        b.SetPriority(Priority.Low, new Change("bob", ChangeOrigin.Local, Sample.T0));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.CreateContext();
        var stored = await check.ActionItems.Include(i => i.History).SingleAsync(i => i.Id == itemId);
        Assert.Equal((ActionItemStatus.InProgress, Priority.Unset, 2L), (stored.Status, stored.Priority, stored.Version));
        Assert.DoesNotContain(stored.History, h => h.Actor == "bob");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_saved_change_writes_history_and_one_outbox_row_for_the_item(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var itemId = await SeedItemAsync(database);

        await using (var db = database.CreateContext())
        {
            var item = await db.ActionItems.SingleAsync(i => i.Id == itemId);
            item.SetStatus(ActionItemStatus.Resolved, Sample.ByAlice with { At = Sample.T0.AddDays(1) });
            item.SetTitle("Renamed", Sample.ByAlice with { At = Sample.T0.AddDays(1) });
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        var history = await check.ActionItemHistory.Where(h => h.ActionItemId == itemId && h.At > Sample.T0).ToListAsync();
        Assert.Equal(
            [(HistoryFields.Status, "Open", "Resolved"), (HistoryFields.Title, "Make calico restarts safe", "Renamed")],
            history.OrderBy(h => h.Field).Select(h => (h.Field, h.OldValue, h.NewValue)));
        var outbox = await check.OutboxMessages.Where(o => o.ActionItemId == itemId).ToListAsync();
        Assert.Equal(2, outbox.Count); // one for the create, one for this change
        Assert.All(outbox, o => Assert.Equal(OutboxKinds.ItemChanged, o.Kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rolled_back_change_leaves_neither_history_nor_outbox_behind(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var itemId = await SeedItemAsync(database);

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var item = await db.ActionItems.SingleAsync(i => i.Id == itemId);
            item.SetStatus(ActionItemStatus.Declined, Sample.ByAlice);
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.OutboxMessages.CountAsync(o => o.ActionItemId == itemId));
            await transaction.RollbackAsync();
        }

        await using var check = database.CreateContext();
        Assert.Equal(ActionItemStatus.Open, (await check.ActionItems.SingleAsync(i => i.Id == itemId)).Status);
        Assert.Equal(1, await check.OutboxMessages.CountAsync(o => o.ActionItemId == itemId));
        Assert.DoesNotContain(await check.ActionItemHistory.Where(h => h.ActionItemId == itemId).ToListAsync(),
            h => h.NewValue == nameof(ActionItemStatus.Declined));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_change_pulled_from_a_tracker_writes_history_but_no_outbox_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var itemId = await SeedItemAsync(database);

        await using (var db = database.CreateContext())
        {
            var item = await db.ActionItems.SingleAsync(i => i.Id == itemId);
            item.SetStatus(ActionItemStatus.Resolved, new Change("phab:bob", ChangeOrigin.Phabricator, Sample.T0.AddDays(2)));
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateContext();
        Assert.Equal(1, await check.OutboxMessages.CountAsync(o => o.ActionItemId == itemId));
        Assert.Contains(await check.ActionItemHistory.Where(h => h.ActionItemId == itemId).ToListAsync(),
            h => h.Origin == ChangeOrigin.Phabricator && h.NewValue == "Resolved");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_item_cannot_have_two_links_to_the_same_target(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var itemId = await SeedItemAsync(database);
        await using var db = database.CreateContext();
        var target = Sample.Phabricator();
        db.SyncTargets.Add(target);
        await db.SaveChangesAsync();
        db.TrackerLinks.Add(new TrackerLink { ActionItemId = itemId, SyncTargetId = target.Id, RemoteId = "T1" });
        await db.SaveChangesAsync();

        db.TrackerLinks.Add(new TrackerLink { ActionItemId = itemId, SyncTargetId = target.Id, RemoteId = "T2" });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_remote_object_cannot_be_linked_to_two_items_of_one_target(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var firstId = await SeedItemAsync(database);
        await using var db = database.CreateContext();
        var target = Sample.Phabricator();
        db.SyncTargets.Add(target);
        var second = ActionItem.Create((await db.ActionItems.SingleAsync()).IncidentId, "Another", Sample.ByAlice);
        db.ActionItems.Add(second);
        await db.SaveChangesAsync();
        db.TrackerLinks.Add(new TrackerLink { ActionItemId = firstId, SyncTargetId = target.Id, RemoteId = "T1" });
        await db.SaveChangesAsync();

        db.TrackerLinks.Add(new TrackerLink { ActionItemId = second.Id, SyncTargetId = target.Id, RemoteId = "T1" });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Incident_slugs_and_tracker_accounts_are_unique(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            db.AddRange(Sample.Incident("same"), Sample.Incident("same"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.CreateContext())
        {
            db.AddRange(
                new Person { DisplayName = "A", PhabricatorPhid = "PHID-USER-1" },
                new Person { DisplayName = "B", PhabricatorPhid = "PHID-USER-1" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.CreateContext())
        {
            // Unmapped accounts (NULL) never collide.
            db.AddRange(new Person { DisplayName = "C" }, new Person { DisplayName = "D" });
            await db.SaveChangesAsync();
        }
    }

    private static async Task<long> SeedItemAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var incident = Sample.Incident();
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        var item = ActionItem.Create(incident.Id, "Make calico restarts safe", Sample.ByAlice);
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }
}
