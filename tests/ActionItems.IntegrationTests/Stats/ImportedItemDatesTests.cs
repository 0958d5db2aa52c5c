using ActionItems.Application.Postmortems;
using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;

namespace ActionItems.IntegrationTests.Stats;

/// <summary>
/// Imported items are dated by their incident, not by the import: an archive imported today ages, opens and
/// resolves in its own past.
/// </summary>
public class ImportedItemDatesTests
{
    private const string Postmortem2019 = """
        # 2019-03-04 database outage

        **Start:** 2019-03-04 10:00 UTC
        **End:** 2019-03-04 12:30 UTC

        ## Action items

        - [ ] Alert on disk usage above 80 %
        - [x] Add disk to the primary
        """;

    private static readonly DateTimeOffset IncidentEnd = new(2019, 3, 4, 12, 30, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_2019_postmortem_imported_today_is_over_a_year_old_open_in_2020_and_its_done_item_has_no_zero_hour_resolve_time(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);

        var imported = await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(Postmortem2019, SourceUrl: "db.md"), Triager, default);

        Assert.Empty(imported.Errors);
        await using var db = app.Database.CreateContext();
        var items = await db.ActionItems.Include(i => i.History).OrderBy(i => i.Ordinal).ToListAsync();
        var (open, done) = (items[0], items[1]);
        Assert.Equal((IncidentEnd, app.Clock.GetUtcNow()), (open.OpenedAt, open.CreatedAt));
        Assert.All(open.History, h => Assert.Equal(IncidentEnd, h.At));
        Assert.Equal((ActionItemStatus.Resolved, true, IncidentEnd), (done.Status, done.ResolvedAtUnknown, done.ResolvedAt));

        var stats = new ActionItemStats(db, app.Clock);
        var buckets = await stats.OpenAgeBucketsAsync(ActionItemFilter.None, default);
        Assert.Equal(1, buckets.Single(b => b.Label == "over a year").Count);
        Assert.Equal(0, buckets.Where(b => b.Label != "over a year").Sum(b => b.Count));
        var openIn2020 = new ActionItemFilter { OpenAt = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc) }
            .Apply(db.ActionItems, db, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime));
        Assert.Equal([open.Id], await openIn2020.Select(i => i.Id).ToListAsync());
        Assert.Equal(0, (await stats.TimeToResolveAsync(ActionItemFilter.None, default)).Count);
        var openedOverTime = await stats.OpenOverTimeAsync(TimeInterval.Month, new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero), ActionItemFilter.None, default);
        Assert.Equal([1, 1], openedOverTime.Select(p => p.Open));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_done_item_is_resolved_when_its_document_was_last_edited_and_a_reimport_never_moves_the_dates(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var edited = new DateTimeOffset(2019, 3, 20, 9, 0, 0, TimeSpan.Zero);

        await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(Postmortem2019, SourceUrl: "db.md", DocumentDate: edited), Triager, default);
        app.Clock.Advance(TimeSpan.FromDays(3));
        await app.Scope().Postmortems.ImportAsync(
            new ImportPostmortem(Postmortem2019 + "\n- [ ] Page the DBA on replication lag\n", SourceUrl: "db.md"), Triager, default);

        await using var db = app.Database.CreateContext();
        var done = await db.ActionItems.SingleAsync(i => i.Status == ActionItemStatus.Resolved);
        Assert.Equal((IncidentEnd, edited, false), (done.OpenedAt, done.ResolvedAt, done.ResolvedAtUnknown));
        var timeToResolve = await new ActionItemStats(db, app.Clock).TimeToResolveAsync(ActionItemFilter.None, default);
        Assert.Equal((1, (edited - IncidentEnd).TotalHours), (timeToResolve.Count, timeToResolve.MedianHours));
        Assert.Equal(3, await db.ActionItems.CountAsync(i => i.OpenedAt == IncidentEnd));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Repair_dates_re_dates_items_imported_before_imports_were_dated_once_and_leaves_the_rest_alone(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var importedAt = app.Clock.GetUtcNow();
        long openId, doneId, handMadeId, reopenedId;
        await using (var db = app.Database.CreateContext())
        {
            // Rows as the importer wrote them before: everything at the import's time.
            var incident = new Incident { Slug = "2019-03-04 db", Title = "db", StartedAt = IncidentEnd.AddHours(-2), EndedAt = IncidentEnd, CreatedAt = importedAt };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            var import = new Change("import", ChangeOrigin.Import, importedAt);
            var open = ActionItem.Create(incident.Id, "Alert on disk usage", import);
            var done = ActionItem.Create(incident.Id, "Add disk", import, status: ActionItemStatus.Resolved);
            var reopened = ActionItem.Create(incident.Id, "Rotate logs", import, status: ActionItemStatus.Resolved);
            reopened.SetStatus(ActionItemStatus.Open, new Change("alice", ChangeOrigin.Local, importedAt.AddHours(1)));
            var handMade = ActionItem.Create(incident.Id, "Written by hand", new Change("alice", ChangeOrigin.Local, importedAt));
            (open.Ordinal, done.Ordinal, reopened.Ordinal) = (1, 2, 3);
            db.ActionItems.AddRange(open, done, reopened, handMade);
            await db.SaveChangesAsync();
            (openId, doneId, handMadeId, reopenedId) = (open.Id, done.Id, handMade.Id, reopened.Id);
        }

        int first, second;
        await using (var db = app.Database.CreateContext())
        {
            first = await ImportedItemDates.RepairAsync(db, default);
        }
        await using (var db = app.Database.CreateContext())
        {
            second = await ImportedItemDates.RepairAsync(db, default);
        }

        Assert.Equal((3, 0), (first, second));
        await using var check = app.Database.CreateContext();
        var items = await check.ActionItems.Include(i => i.History).ToDictionaryAsync(i => i.Id);
        Assert.Equal(IncidentEnd, items[openId].OpenedAt);
        Assert.All(items[openId].History, h => Assert.Equal(IncidentEnd, h.At));
        Assert.Equal((IncidentEnd, IncidentEnd, true), (items[doneId].OpenedAt, items[doneId].ResolvedAt, items[doneId].ResolvedAtUnknown));
        Assert.Equal((IncidentEnd, (DateTimeOffset?)null), (items[reopenedId].OpenedAt, items[reopenedId].ResolvedAt));
        Assert.Equal(importedAt, items[handMadeId].OpenedAt);
        var openInMarch2019 = await new ActionItemStats(check, app.Clock).OpenOverTimeAsync(TimeInterval.Month,
            new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2019, 4, 1, 0, 0, 0, TimeSpan.Zero), ActionItemFilter.None, default);
        Assert.Equal(1, openInMarch2019.Single().Open);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dashboard_filters_select_open_overdue_due_and_resolved_ranges(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var now = app.Clock.GetUtcNow();
        await using (var db = app.Database.CreateContext())
        {
            var incident = new Incident { Slug = "filters", Title = "filters", CreatedAt = now };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            var at = new Change("alice", ChangeOrigin.Local, now.AddDays(-10));
            var overdue = ActionItem.Create(incident.Id, "overdue", at);
            overdue.SetDueDate(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1), at);
            var dueLater = ActionItem.Create(incident.Id, "due later", at);
            dueLater.SetDueDate(DateOnly.FromDateTime(now.UtcDateTime).AddDays(5), at);
            var resolved = ActionItem.Create(incident.Id, "resolved", at);
            resolved.SetDueDate(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3), at);
            resolved.SetStatus(ActionItemStatus.Resolved, at with { At = now.AddDays(-2) });
            db.ActionItems.AddRange(overdue, dueLater, resolved);
            await db.SaveChangesAsync();
        }

        await using var check = app.Database.CreateContext();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        async Task<List<string>> Titles(ActionItemFilter filter) =>
            await filter.Apply(check.ActionItems, check, today).OrderBy(i => i.Title).Select(i => i.Title).ToListAsync();

        Assert.Equal(["due later", "overdue"], await Titles(new ActionItemFilter { Open = true }));
        Assert.Equal(["resolved"], await Titles(new ActionItemFilter { Open = false }));
        Assert.Equal(["overdue"], await Titles(new ActionItemFilter { Overdue = true }));
        Assert.Equal(["due later", "resolved"], await Titles(new ActionItemFilter { Overdue = false }));
        Assert.Equal(["overdue", "resolved"], await Titles(new ActionItemFilter { DueBefore = today }));
        Assert.Equal(["due later"], await Titles(new ActionItemFilter { DueAfter = today }));
        Assert.Equal(["resolved"], await Titles(new ActionItemFilter { ResolvedAfter = now.AddDays(-3).UtcDateTime }));
        Assert.Empty(await Titles(new ActionItemFilter { ResolvedBefore = now.AddDays(-3).UtcDateTime }));
        var items = await check.ActionItems.OrderBy(i => i.Title).ToListAsync();
        Assert.Equal([10, 10, 8], items.Select(i => i.AgeDays(now)));
        Assert.Equal([false, true, false], items.Select(i => i.IsOverdue(now)));
    }
}
