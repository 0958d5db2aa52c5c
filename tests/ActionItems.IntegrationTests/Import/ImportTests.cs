using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Import;

public class ImportTests
{
    private const string Version1 = """
        # Incidents/2025-03-01 cache-stampede

        ## Summary
        The edge caches stampeded the origin for 20 minutes.

        ## Actionables
        - Add request coalescing to the origin fetcher T360001
        - Alert on origin request rate
        - Document the cache purge runbook
        - ~~Raise the connection limit~~
        """;

    // Second version: item 2 reworded slightly, item 3 removed, a new item, item 1 unchanged.
    private const string Version2 = """
        # Incidents/2025-03-01 cache-stampede

        ## Summary
        The edge caches stampeded the origin for 20 minutes.

        ## Actionables
        - Add request coalescing to the origin fetcher T360001
        - Alert on the origin request rate
        - ~~Raise the connection limit~~
        - Load-test the purge path before each release
        """;

    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 3, 5, 10, 0, 0, TimeSpan.Zero));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_creates_the_incident_its_items_and_links_for_referenced_tasks(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, Version1);

        Assert.Equal(("2025-03-01 cache-stampede", true, 4, 1), (report.Slug, report.IncidentCreated, report.Added, report.LinksCreated));
        await using var db = database.CreateContext();
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal((new DateOnly(2025, 3, 1), DocumentFormat.Markdown), (incident.IncidentDate, incident.Format));
        Assert.Null(incident.Document); // reading an incident leaves its (large) document out
        Assert.Equal(Version1, (await db.Incidents.Include(i => i.Document).SingleAsync()).Document?.Text);
        var items = await db.ActionItems.Include(i => i.Links).ThenInclude(l => l.SyncTarget).OrderBy(i => i.Ordinal).ToListAsync();
        Assert.Equal(["Add request coalescing to the origin fetcher T360001", "Alert on origin request rate",
            "Document the cache purge runbook", "Raise the connection limit"], items.Select(i => i.Title));
        Assert.Equal(ActionItemStatus.Resolved, items[3].Status); // struck through = done
        var link = Assert.Single(items[0].Links);
        // No target is configured, so nothing reads the task: the link waits for its first fill.
        Assert.Equal(("T360001", TrackerLinkState.PendingFill, TrackerKind.Phabricator, (DateTimeOffset?)null),
            (link.RemoteId, link.State, link.SyncTarget!.Kind, link.LastSyncedAt));
        Assert.All(await db.ActionItemHistory.ToListAsync(), h => Assert.Equal(ChangeOrigin.Import, h.Origin));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_the_same_document_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, Version1);
        var before = await SnapshotAsync(database);

        var report = await ImportAsync(database, Version1);

        Assert.True(report.DocumentUnchanged);
        Assert.Equal((0, 0, 4, 0), (report.Added, report.Updated, report.Unchanged, report.Vanished));
        Assert.Equal(before, await SnapshotAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_a_changed_version_matches_items_adds_new_ones_and_flags_vanished_ones(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, Version1);

        var report = await ImportAsync(database, Version2);

        Assert.Equal((1, 2, 1, 1), (report.Added, report.Updated, report.Unchanged, report.Vanished));
        await using var db = database.CreateContext();
        var items = await db.ActionItems.OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(5, items.Count);
        Assert.Equal("Alert on the origin request rate", items[1].Title);
        Assert.NotNull(items[2].VanishedFromSourceAt); // kept, flagged
        Assert.Equal("Load-test the purge path before each release", items[4].Title);
        Assert.Equal(1, await db.Incidents.CountAsync());
        Assert.Equal(Version2, (await db.Incidents.Include(i => i.Document).SingleAsync()).Document?.Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_with_only_a_cited_issue_changed_reports_the_item_updated(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        const string document = """
            # Incidents/2025-05-01 replica-lag

            ## Actionables
            - Fix the failover, see [the tracking issue](https://github.com/acme/ops/issues/42)
            - Alert on replica lag
            """;
        await ImportAsync(database, document, source: "replica-lag.md");
        string titleBefore;
        await using (var db = database.CreateContext())
        {
            titleBefore = (await db.ActionItems.SingleAsync(i => i.Ordinal == 1)).Title;
        }

        // The link text stays, so the item's title and source text do; only the task it cites is another.
        var report = await ImportAsync(database, document.Replace("issues/42", "issues/43", StringComparison.Ordinal), source: "replica-lag.md");

        Assert.Equal([(1, ImportOutcome.Updated), (2, ImportOutcome.Unchanged)],
            report.Items.OrderBy(i => i.Ordinal).Select(i => (i.Ordinal ?? 0, i.Outcome)));
        await using (var db = database.CreateContext())
        {
            var item = await db.ActionItems.SingleAsync(i => i.Ordinal == 1);
            Assert.Equal(titleBefore, item.Title);
            Assert.Equal(["acme/ops#43"], item.ReferencedTasks);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reimporting_never_overwrites_local_edits(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, Version1);
        await using (var db = database.CreateContext())
        {
            var owner = new Person { DisplayName = "Alice" };
            db.People.Add(owner);
            await db.SaveChangesAsync();
            var local = new Change("alice", ChangeOrigin.Local, Clock.GetUtcNow());
            var item = await db.ActionItems.SingleAsync(i => i.Ordinal == 2);
            item.SetOwner(owner, local);
            item.SetStatus(ActionItemStatus.InProgress, local);
            item.SetPriority(Priority.High, local);
            item.SetTitle("Page on origin request rate above 5k/s", local);
            await db.SaveChangesAsync();
        }

        await ImportAsync(database, Version2);

        await using var check = database.CreateContext();
        var edited = await check.ActionItems.Include(i => i.Owner).SingleAsync(i => i.Ordinal == 2);
        Assert.Equal(("Page on origin request rate above 5k/s", ActionItemStatus.InProgress, Priority.High, "Alice"),
            (edited.Title, edited.Status, edited.Priority, edited.Owner!.DisplayName));
        Assert.Equal("Alert on the origin request rate", edited.SourceText);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dry_run_reports_but_writes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, Version1, dryRun: true);

        Assert.Equal((4, true, true), (report.Added, report.IncidentCreated, report.DryRun));
        await using var db = database.CreateContext();
        Assert.Equal((0, 0, 0, 0), (await db.Incidents.CountAsync(), await db.ActionItems.CountAsync(),
            await db.SyncTargets.CountAsync(), await db.OutboxMessages.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_task_referenced_by_two_items_is_linked_once_with_a_warning(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, """
            # Incidents/2025-04-02 dns

            ## Action items
            * Fix resolver timeouts (T370000)
            * Add resolver dashboards, see T370000
            """);

        Assert.Equal(1, report.LinksCreated);
        Assert.Contains(report.Warnings, w => w.Contains("T370000", StringComparison.Ordinal) && w.Contains("already linked", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Owners_named_in_a_table_become_people_and_are_assigned_even_on_a_dry_run(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        const string document = """
            # Incidents/2025-05-06 kafka-lag

            ## Action items
            | Action | Owner | Ticket | Due |
            |---|---|---|---|
            | Add consumer lag alerts | jdoe | T380001 | 2025-06-01 |
            | Raise partition count | jdoe | T380002 | |
            | Write the kafka failover runbook | asmith | | |
            """;

        var dryRun = await ImportAsync(database, document, dryRun: true);
        var report = await ImportAsync(database, document);

        Assert.Equal((3, 3), (dryRun.Added, report.Added));
        await using var db = database.CreateContext();
        var items = await db.ActionItems.Include(i => i.Owner).OrderBy(i => i.Ordinal).ToListAsync();
        Assert.Equal(["jdoe", "jdoe", "asmith"], items.Select(i => i.Owner?.DisplayName));
        Assert.Equal(new DateOnly(2025, 6, 1), items[0].DueDate);
        Assert.Equal(2, await db.People.CountAsync());
        Assert.Equal(2, await db.TrackerLinks.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reimport_finds_its_incident_by_slug_first_and_by_source_when_the_slug_changed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, Version1, source: "stampede.md");
        await ImportAsync(database, Version1.Replace("2025-03-01 cache-stampede", "2025-04-01 dns", StringComparison.Ordinal), source: "dns.md");

        // Renamed page, same source: the same incident, updated.
        var renamed = await ImportAsync(database, Version2.Replace("2025-03-01 cache-stampede", "2025-03-01 cache stampede", StringComparison.Ordinal), source: "stampede.md");
        // A slug match wins over another incident's source.
        var bySlug = await ImportAsync(database, Version2.Replace("2025-03-01 cache-stampede", "2025-04-01 dns", StringComparison.Ordinal), source: "stampede.md");

        await using var db = database.CreateContext();
        var incidents = await db.Incidents.OrderBy(i => i.Id).ToListAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Equal((false, incidents[0].Id), (renamed.IncidentCreated, renamed.IncidentId!.Value));
        Assert.Equal((false, incidents[1].Id), (bySlug.IncidentCreated, bySlug.IncidentId!.Value));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_changed_version_replaces_exactly_its_own_timeline_and_scorecard(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ImportAsync(database, WithTimeline("2023-03-01", "* 10:00 OUTAGE BEGINS\n* 10:20 paged the on-call\n* 11:30 OUTAGE ENDS", "yes", ""), source: "a.wiki");
        await ImportAsync(database, WithTimeline("2023-04-02", "* 08:00 disk fills", "no", "paged everyone"), source: "b.wiki");
        var version2 = WithTimeline("2023-03-01", "* 10:00 OUTAGE BEGINS\n* 11:45 OUTAGE ENDS", "no", "paged everyone");

        await ImportAsync(database, version2, dryRun: true, source: "a.wiki");
        Assert.Equal(3, await StoredTimelineCountAsync(database, "a"));
        await ImportAsync(database, version2, source: "a.wiki");

        var expected = PostmortemExtractor.Extract(version2, null, "a.wiki");
        await using var db = database.CreateContext();
        var incident = await db.Incidents.Include(i => i.Timeline).Include(i => i.Scorecard).SingleAsync(i => i.Slug == "a");
        Assert.Equal(
            expected.Timeline.Select(t => (t.Ordinal, t.TimeText, t.At, t.Text, t.Marker)),
            incident.Timeline.OrderBy(t => t.Ordinal).Select(t => (t.Ordinal, t.TimeText, t.At, t.Text, t.Marker)));
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 11, 45, 0, TimeSpan.Zero), incident.Timeline.Single(t => t.Marker == TimelineMarker.OutageEnds).At);
        Assert.Equal(
            expected.Scorecard.Select(s => (s.Ordinal, s.Category, s.Question, s.Answer, s.Note)),
            incident.Scorecard.OrderBy(s => s.Ordinal).Select(s => (s.Ordinal, s.Category, s.Question, s.Answer, s.Note)));
        Assert.Equal((ScorecardAnswerValue.No, "paged everyone"), (incident.Scorecard[0].Answer, incident.Scorecard[0].Note));
        // The other incident's rows are not touched by the replacement.
        Assert.Equal(1, await StoredTimelineCountAsync(database, "b"));
    }

    private static string WithTimeline(string date, string timeline, string answer, string note) => $$$"""
        {{Incident scorecard
        | start = {{{date}}} 10:00:00
        }}
        ==Summary==
        The API failed.
        ==Timeline==
        {{{timeline}}}
        ==Actionables==
        * Add API alerts
        ==Scorecard==
        {| class="wikitable"
        !
        !Question
        !Answer
        !Notes
        |-
        !People
        |Were fewer than five people paged?
        |{{{answer}}}
        |{{{note}}}
        |-
        !Process
        |Is there a phabricator task for the incident?
        |
        |
        |}
        """;

    private static async Task<int> StoredTimelineCountAsync(TestDatabase database, string slug)
    {
        await using var db = database.CreateContext();
        return await db.TimelineEntries.CountAsync(t => db.Incidents.Any(i => i.Id == t.IncidentId && i.Slug == slug));
    }

    [Fact]
    public async Task A_document_that_is_not_a_postmortem_is_refused_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var e = await Assert.ThrowsAsync<ImportException>(() => ImportAsync(database, "# Release notes\n\n- Bumped the version\n"));

        Assert.True(e.NotAPostmortem);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Incidents.CountAsync());
    }

    [Fact]
    public async Task All_seed_postmortems_import_into_postgres_and_reimport_unchanged()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        foreach (var file in Seeds.Files)
        {
            var first = await ImportAsync(database, await File.ReadAllTextAsync(file), source: Path.GetFileName(file));
            var second = await ImportAsync(database, await File.ReadAllTextAsync(file), source: Path.GetFileName(file));
            Assert.True(second.DocumentUnchanged, file);
            Assert.Equal(first.Added, second.Unchanged);
        }
        await using var db = database.CreateContext();
        Assert.Equal(5, await db.Incidents.CountAsync());
        Assert.Equal(11, await db.ActionItems.CountAsync());
        var calico = await db.Incidents.Include(i => i.Scorecard).SingleAsync(i => i.Slug == "2024-10-09 calico-codfw");
        Assert.Equal(("T376795", 15), (calico.TaskRef, calico.Scorecard.Count));
    }

    /// <summary>
    /// Imports with <paramref name="registry"/> as the configuration; by default Wikimedia's Phabricator is the one
    /// configured target, so the bare task numbers of these Markdown documents resolve against it.
    /// </summary>
    private static async Task<ImportReport> ImportAsync(TestDatabase database, string text, bool dryRun = false,
        string? source = null, SyncTargetRegistry? registry = null)
    {
        await using var db = database.CreateContext();
        return await new PostmortemImporter(db, Clock, registry ?? Configured(("wikimedia", "https://phabricator.wikimedia.org"))).ImportAsync(
            new ImportRequest(text, null, source ?? "cache-stampede.md"), "test", dryRun, CancellationToken.None);
    }

    private static SyncTargetRegistry Configured(params (string Name, string BaseUrl)[] phabricators) =>
        new([.. phabricators.Select(p => new SyncTargetOptions { Kind = TrackerKind.Phabricator, Name = p.Name, BaseUrl = p.BaseUrl, Token = "api-test" })]);

    private const string PhorgeDocument = """
        # Incidents/2025-04-02 queue-backlog

        ## Actionables
        - Alert on queue depth https://tracker.example.org/T0042
        - Add a runbook for the consumer restart, task T7
        - Review the T1 and T2 phases of the rollout plan
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Task_urls_on_the_configured_phorge_host_and_its_short_task_numbers_link_to_that_target(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // A Phorge on a host named neither phabricator.* nor phorge.*, configured and started as serve does.
        var registry = Configured(("ops", "https://tracker.example.org"));
        await using (var setup = database.CreateContext())
        {
            await SyncStartup.UpsertTargetsAsync(setup, registry, Clock, CancellationToken.None);
        }

        var report = await ImportAsync(database, PhorgeDocument, registry: registry);

        Assert.Equal(2, report.LinksCreated);
        Assert.Contains(report.Warnings, w => w.Contains("T1, T2 not taken as a task reference", StringComparison.Ordinal));
        await using var db = database.CreateContext();
        var links = await db.TrackerLinks.Include(l => l.SyncTarget).Include(l => l.ActionItem).OrderBy(l => l.ActionItem!.Ordinal).ToListAsync();
        Assert.Equal([("ops", "T42", 1), ("ops", "T7", 2)], links.Select(l => (l.SyncTarget!.Name, l.RemoteId!, l.ActionItem!.Ordinal)));
        Assert.Equal("https://tracker.example.org/T7", links[1].RemoteUrl);
        Assert.Equal(1, await db.SyncTargets.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bare_task_number_with_no_configured_phabricator_target_is_reported_and_not_linked(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, Version1, registry: Configured());

        Assert.Equal(0, report.LinksCreated);
        Assert.Contains(report.Warnings, w => w.Contains("item 1 references T360001, which is not linked", StringComparison.Ordinal));
        await using var db = database.CreateContext();
        Assert.Equal((4, 0, 0), (await db.ActionItems.CountAsync(), await db.TrackerLinks.CountAsync(), await db.SyncTargets.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bare_issue_number_links_to_the_source_urls_repository_and_without_one_is_reported_and_not_linked(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        const string document = """
            # Incidents/2023-02-01 dask-evictions

            ## Follow-up improvements
            - #2127
            """;

        var local = await ImportAsync(database, document, source: "dask-evictions.md", registry: Configured());
        var onGitHub = await ImportAsync(database, document.Replace("dask-evictions", "dask-evictions-2", StringComparison.Ordinal),
            source: "https://github.com/2i2c-org/infrastructure/blob/main/reports/dask-evictions-2.md", registry: Configured());

        Assert.Equal((0, 1), (local.LinksCreated, onGitHub.LinksCreated));
        Assert.Contains(local.Warnings, w => w.Contains("item 1 references #2127, which is not linked", StringComparison.Ordinal));
        await using var db = database.CreateContext();
        var link = await db.TrackerLinks.SingleAsync();
        Assert.Equal(("2i2c-org/infrastructure#2127", "https://github.com/2i2c-org/infrastructure/issues/2127"), (link.RemoteId, link.RemoteUrl));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task On_a_wikitech_page_a_bare_task_number_means_wikimedias_phabricator_even_with_none_configured(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var report = await ImportAsync(database, Version1, source: "https://wikitech.wikimedia.org/wiki/Incidents/2025-03-01_cache-stampede",
            registry: Configured());

        Assert.Equal(1, report.LinksCreated);
        await using var db = database.CreateContext();
        var link = await db.TrackerLinks.Include(l => l.SyncTarget).SingleAsync();
        Assert.Equal(("T360001", "https://phabricator.wikimedia.org"), (link.RemoteId, link.SyncTarget!.BaseUrl));
    }

    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var items = await db.ActionItems.OrderBy(i => i.Id)
            .Select(i => $"{i.Id}|{i.Title}|{i.Status}|{i.Version}|{i.UpdatedAt.Ticks}").ToListAsync();
        var counts = $"{await db.ActionItemHistory.CountAsync()}|{await db.OutboxMessages.CountAsync()}|{await db.TrackerLinks.CountAsync()}|{await db.TimelineEntries.CountAsync()}";
        return string.Join('\n', items) + "\n" + counts;
    }
}
