using System.Text.Json;
using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>The open-items series on a larger, random history; each provider on its own database (the seeding writes).</summary>
[Collection(HostCollection.Name)]
public class OpenItemsOverTimeTests
{
    /// <summary>
    /// PostgreSQL answers from its trigger-kept per-day rollup (unfiltered) or sums status transitions per day
    /// in SQL (filtered), SQLite folds status rows in memory: on the same history (random opens, closes and
    /// reopens over three months; items archived when created, archived later, one unarchived by hand; the
    /// rollup compacted in between) all must give the series an independent fold of the seeded plan gives.
    /// </summary>
    [Fact]
    public async Task Open_items_over_time_is_the_same_on_PostgreSQL_and_SQLite_and_matches_the_history()
    {
        const int Unarchived = 18;
        var random = new Random(7);
        var statuses = Enum.GetValues<ActionItemStatus>();
        var plan = Enumerable.Range(0, 40).Select(n =>
        {
            var created = TestData.T0.AddHours(random.Next(0, 24 * 60));
            var changes = new List<(DateTimeOffset At, ActionItemStatus Status)>();
            var at = created;
            for (var k = random.Next(0, 4); k > 0; k--)
            {
                at = at.AddHours(random.Next(1, 24 * 20));
                changes.Add((at, statuses[random.Next(statuses.Length)]));
            }
            return (Created: created, Team: n % 2 == 0 ? "sre" : "web", Changes: changes, Archived: n % 9 == 0);
        }).ToList();

        async Task SeedPlanAsync(TestDatabase database)
        {
            await using var db = database.CreateContext();
            var data = new TestData(db);
            var incident = data.Incident("2025-01-05 history");
            await data.SaveAsync();
            foreach (var (entry, n) in plan.Select((p, n) => (p, n)))
            {
                var item = data.Item(incident, $"Item {n}", entry.Created);
                item.SetTeam(entry.Team, TestData.At(entry.Created));
                foreach (var (at, status) in entry.Changes)
                {
                    item.SetStatus(status, TestData.At(at));
                }
                if (entry.Archived && n % 2 == 0)
                {
                    item.Archive(TestData.At(entry.Created.AddDays(1)));
                }
            }
            await data.SaveAsync();
            if (database.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync(OpenItemDays.CompactSql);
            }

            // Archived later, in their own statements.
            await using var later = database.CreateContext();
            var archivedLater = plan.Select((p, n) => (p, n)).Where(x => x.p.Archived && x.n % 2 == 1).Select(x => $"Item {x.n}").ToList();
            foreach (var item in await later.ActionItems.Where(i => archivedLater.Contains(i.Title)).ToListAsync())
            {
                item.Archive(TestData.At(TestData.T0.AddDays(70)));
            }
            await later.SaveChangesAsync();
            // Unarchived by hand (no code path does this; the database must still count it again).
            await later.Database.ExecuteSqlRawAsync($"UPDATE action_items SET archived_at = NULL WHERE title = 'Item {Unarchived}'");
        }

        (string Interval, DateTimeOffset From, DateTimeOffset To, string? Team, TimeInterval Expected, DateTimeOffset FirstBucket)[] questions =
        [
            ("DAY", new(2025, 1, 20, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero), null, TimeInterval.Day,
                new(2025, 1, 20, 0, 0, 0, TimeSpan.Zero)),
            ("WEEK", new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), null, TimeInterval.Week,
                new(2024, 12, 30, 0, 0, 0, TimeSpan.Zero)),
            ("MONTH", new(2024, 12, 15, 0, 0, 0, TimeSpan.Zero), new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), "sre", TimeInterval.Month,
                new(2024, 12, 1, 0, 0, 0, TimeSpan.Zero)),
        ];
        const string Query = """
            query($interval: TimeInterval!, $from: DateTime!, $to: DateTime!, $filter: ActionItemFilter) {
              openItemsOverTime(interval: $interval, from: $from, to: $to, filter: $filter) { start open opened closed }
            }
            """;

        var answers = new Dictionary<DatabaseProvider, List<JsonElement>>();
        foreach (var provider in new[] { DatabaseProvider.Postgres, DatabaseProvider.Sqlite })
        {
            await using var host = await GraphQLHost.StartAsync(provider);
            await SeedPlanAsync(host.Database);
            answers[provider] = [];
            foreach (var question in questions)
            {
                var filter = question.Team is null ? null : new { teams = new[] { question.Team } };
                answers[provider].Add((await host.PostAsync(Query, new { interval = question.Interval, from = question.From, to = question.To, filter }))
                    .Ok().GetProperty("openItemsOverTime"));
            }
        }

        foreach (var (question, n) in questions.Select((q, n) => (q, n)))
        {
            Assert.Equal(answers[DatabaseProvider.Postgres][n].GetRawText(), answers[DatabaseProvider.Sqlite][n].GetRawText());
            var expected = ExpectedSeries(plan.Where((p, i) => (!p.Archived || i == Unarchived) && (question.Team is null || p.Team == question.Team))
                .Select(p => (IReadOnlyList<(DateTimeOffset, ActionItemStatus)>)[(p.Created, ActionItemStatus.Open), .. p.Changes]).ToList(),
                question.Expected, question.FirstBucket, question.To);
            var actual = answers[DatabaseProvider.Postgres][n].EnumerateArray()
                .Select(p => (p.GetProperty("open").GetInt32(), p.GetProperty("opened").GetInt32(), p.GetProperty("closed").GetInt32())).ToList();
            Assert.Equal(expected, actual);
            Assert.True(actual.Sum(p => p.Item2) > 0 && actual.Sum(p => p.Item3) > 0, question.Interval); // the data really moves
        }
    }

    /// <summary>Per bucket: open at its end, and how many items became open / closed within it.</summary>
    private static List<(int Open, int Opened, int Closed)> ExpectedSeries(List<IReadOnlyList<(DateTimeOffset At, ActionItemStatus Status)>> items,
        TimeInterval interval, DateTimeOffset start, DateTimeOffset to)
    {
        var series = new List<(int, int, int)>();
        for (var bucketStart = start; bucketStart < to;)
        {
            var bucketEnd = interval switch
            {
                TimeInterval.Day => bucketStart.AddDays(1),
                TimeInterval.Week => bucketStart.AddDays(7),
                _ => bucketStart.AddMonths(1),
            };
            int open = 0, opened = 0, closed = 0;
            foreach (var timeline in items)
            {
                var wasOpen = false;
                foreach (var (at, status) in timeline.Where(c => c.At < bucketEnd))
                {
                    if (status.IsOpen() != wasOpen && at >= bucketStart)
                    {
                        _ = status.IsOpen() ? opened++ : closed++;
                    }
                    wasOpen = status.IsOpen();
                }
                open += wasOpen ? 1 : 0;
            }
            series.Add((open, opened, closed));
            bucketStart = bucketEnd;
        }
        return series;
    }
}
