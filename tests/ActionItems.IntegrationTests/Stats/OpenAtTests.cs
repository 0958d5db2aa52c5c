using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Stats;

/// <summary>
/// "Was this item open when the incident started?" — the question prevention review asks — on the histories real
/// items have: reopened, closed by a tracker whose clock is behind, linked to a task long after it was filed, and
/// histories pulled from a tracker after the fact.
/// </summary>
public class OpenAtTests
{
    private static readonly DateTimeOffset IncidentStart = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Day(int month, int day) => new(2025, month, day, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reopened_item_is_open_after_its_reopening_and_not_in_the_closed_interval_before(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = await SeedAsync(database, item =>
        {
            item.SetStatus(ActionItemStatus.Resolved, TestData.At(Day(2, 1)));
            item.SetStatus(ActionItemStatus.Open, TestData.At(Day(2, 20)));
        }, opened: Day(1, 1));

        Assert.Equal("open closed open", await OpenAtAsync(database, id, Day(1, 15), Day(2, 10), IncidentStart));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_item_a_tracker_says_was_closed_before_it_was_created_is_never_open_after_that(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Created here on 10 January; the tracker's clock dates the close on 5 January.
        var id = await SeedAsync(database, item => item.SetStatus(ActionItemStatus.Resolved, TestData.At(Day(1, 5))), opened: Day(1, 10));

        Assert.Equal("closed closed closed", await OpenAtAsync(database, id, Day(1, 7), Day(1, 12), IncidentStart));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_task_created_before_the_incident_but_linked_after_it_was_open_at_its_start(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // Filed here on 1 April, after the incident; linked to a task the tracker created on 1 December 2024.
        var id = await SeedAsync(database, item => item.AdoptTrackerDates(new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), null),
            opened: Day(4, 1));

        Assert.Equal("closed open open", await OpenAtAsync(database, id,
            new DateTimeOffset(2024, 11, 30, 0, 0, 0, TimeSpan.Zero), IncidentStart, Day(4, 2)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_task_linked_after_the_incident_that_its_tracker_closed_before_it_was_not_open_at_its_start(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var id = await SeedAsync(database, item =>
        {
            item.SetStatus(ActionItemStatus.Resolved, TestData.At(Day(2, 15)));
            item.AdoptTrackerDates(new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero), Day(2, 15));
        }, opened: Day(4, 1));

        Assert.Equal("open closed", await OpenAtAsync(database, id, Day(1, 15), IncidentStart));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tracker_history_backfilled_later_counts_at_the_time_it_happened(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // First read of the task: resolved on 1 May. Its earlier history arrives later (higher ids, older times):
        // resolved on 1 February, reopened on 25 February.
        var id = await SeedAsync(database, item => item.SetStatus(ActionItemStatus.Resolved, TestData.At(Day(5, 1))), opened: Day(1, 1));
        await using (var db = database.CreateContext())
        {
            db.ActionItemHistory.AddRange(
                Status(id, ActionItemStatus.Open, ActionItemStatus.Resolved, Day(2, 1)),
                Status(id, ActionItemStatus.Resolved, ActionItemStatus.Open, Day(2, 25)));
            await db.SaveChangesAsync();
        }

        Assert.Equal("open closed open closed", await OpenAtAsync(database, id, Day(1, 15), Day(2, 10), IncidentStart, Day(5, 2)));
    }

    private static ActionItemHistory Status(long itemId, ActionItemStatus from, ActionItemStatus to, DateTimeOffset at) => new()
    {
        ActionItemId = itemId,
        Field = HistoryFields.Status,
        OldValue = from.ToString(),
        NewValue = to.ToString(),
        At = at,
        Actor = "phab",
        Origin = ChangeOrigin.Phabricator,
    };

    private static async Task<long> SeedAsync(TestDatabase database, Action<ActionItem> history, DateTimeOffset opened)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("2025-03-01 outage", new DateOnly(2025, 3, 1));
        await data.SaveAsync();
        var item = data.Item(incident, "Add poolcounter limits", opened);
        history(item);
        await data.SaveAsync();
        return item.Id;
    }

    /// <summary>"open" or "closed" at each instant, space-separated.</summary>
    private static async Task<string> OpenAtAsync(TestDatabase database, long id, params DateTimeOffset[] instants)
    {
        await using var db = database.CreateContext();
        var answers = new List<string>();
        foreach (var at in instants)
        {
            var filter = new ActionItemFilter { OpenAt = at.UtcDateTime };
            answers.Add(await filter.Apply(db.ActionItems, db, DateOnly.FromDateTime(at.UtcDateTime)).AnyAsync(i => i.Id == id) ? "open" : "closed");
        }
        return string.Join(' ', answers);
    }
}
