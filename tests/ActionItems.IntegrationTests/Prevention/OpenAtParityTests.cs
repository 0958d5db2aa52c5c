using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using StatusRow = ActionItems.Application.Stats.ActionItemFilter.StatusRow;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>
/// The open-at rule exists twice: in SQL (<see cref="ActionItemFilter.OpenAtInstant"/>, the <c>openAt</c> filter and
/// stats) and in memory (<see cref="ActionItemFilter.WasOpenAt"/>, the candidate index's pool). The histories of the
/// edge cases in tests/ActionItems.UnitTests/Application/OpenAtInMemoryTests.cs, stored as real rows, must give the
/// same items at every instant of a grid by both.
/// </summary>
public class OpenAtParityTests
{
    private static readonly DateTimeOffset Opened = new(2025, 1, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Status rows in id order (day after the opening, status named or null), and the resolution day.</summary>
    private static readonly (string Title, (int Day, string? Status)[] Rows, int? ResolvedDay)[] Histories =
    [
        ("opened only", [(0, "Open")], null),
        ("resolved, reopened, declined", [(0, "Open"), (5, "Resolved"), (8, "InProgress"), (20, "Declined")], null),
        ("closed before it was opened", [(0, "Open"), (-3, "Resolved")], null),
        ("one instant, resolved the later id", [(0, "Open"), (2, "Open"), (2, "Resolved")], null),
        ("one instant, reopened the later id", [(0, "Open"), (2, "Resolved"), (2, "Open")], null),
        ("history backfilled later", [(5, "Resolved")], 9),
        ("no history, resolved", [], 9),
        ("a row naming no status", [(0, null)], null),
        ("a row naming no status after an open one", [(0, "Open"), (4, null)], 6),
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_sql_rule_and_the_in_memory_rule_keep_the_same_items_at_every_instant(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var incident = new Incident { Slug = "parity", Title = "parity", CreatedAt = Opened };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        foreach (var (title, rows, resolvedDay) in Histories)
        {
            var item = ActionItem.Create(incident.Id, title, new Change("seed", ChangeOrigin.Local, Opened));
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
            // Only the rows listed: the creation's own status row goes, and the resolution is the column alone.
            await db.ActionItemHistory.Where(h => h.ActionItemId == item.Id).ExecuteDeleteAsync();
            DateTimeOffset? resolvedAt = resolvedDay is { } day ? Opened.AddDays(day) : null;
            await db.ActionItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, resolvedAt));
            foreach (var (rowDay, status) in rows)
            {
                // One save per row, so ids follow the list (the tie-break of rows of one instant).
                db.ActionItemHistory.Add(new ActionItemHistory
                {
                    ActionItemId = item.Id, Field = HistoryFields.Status, NewValue = status, At = Opened.AddDays(rowDay),
                    Actor = "seed", Origin = ChangeOrigin.Local,
                });
                await db.SaveChangesAsync();
            }
        }
        db.ChangeTracker.Clear();

        // Read as the candidate index reads them.
        var statusRows = (await db.ActionItemHistory.AsNoTracking().Where(h => h.Field == HistoryFields.Status)
                .Select(h => new { h.ActionItemId, h.Id, h.At, h.NewValue }).ToListAsync())
            .ToLookup(h => h.ActionItemId, h => new StatusRow(h.Id, h.At, h.NewValue));
        var items = await db.ActionItems.AsNoTracking().Select(i => new { i.Id, i.Title, i.OpenedAt, i.ResolvedAt }).ToListAsync();
        Assert.Equal(Histories.Length, items.Count);

        var instants = Enumerable.Range(-4, 28).SelectMany(day => new[] { Opened.AddDays(day), Opened.AddDays(day).AddHours(12) });
        foreach (var at in instants)
        {
            var bySql = await db.ActionItems.Where(ActionItemFilter.OpenAtInstant(db, at)).Select(i => i.Title).ToListAsync();
            var inMemory = items
                .Where(i => ActionItemFilter.WasOpenAt(i.OpenedAt, i.ResolvedAt, ActionItemFilter.LatestStatusFirst(statusRows[i.Id], i.OpenedAt), at))
                .Select(i => i.Title);
            Assert.True(bySql.Order(StringComparer.Ordinal).SequenceEqual(inMemory.Order(StringComparer.Ordinal)),
                $"at {at:O}: SQL keeps [{string.Join(", ", bySql.Order(StringComparer.Ordinal))}], memory [{string.Join(", ", inMemory.Order(StringComparer.Ordinal))}]");
        }
        // The grid covers both answers for every history, so neither rule can agree by being constant.
        Assert.All(items.Where(i => i.Title != "closed before it was opened"), i => Assert.Contains(instants,
            at => ActionItemFilter.WasOpenAt(i.OpenedAt, i.ResolvedAt, ActionItemFilter.LatestStatusFirst(statusRows[i.Id], i.OpenedAt), at)));
    }
}
