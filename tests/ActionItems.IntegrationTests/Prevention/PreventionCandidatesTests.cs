using ActionItems.Application;
using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>
/// preventionCandidates: which items count (other incidents', open when the incident started, by their status
/// history) and how they rank (BM25 over the incident's text, docs/prevention.md), on both providers.
/// </summary>
public class PreventionCandidatesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_open_poolcounter_actionable_of_the_calico_outage_is_a_top_3_candidate_for_the_later_mwscript_overload(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await PreventionCorpus.ImportAsync(app);
        var later = await IncidentIdAsync(app, "2025-01-15 wikikube API overload");

        var result = await PreventionCorpus.Service(app).CandidatesAsync(new FindPreventionCandidates(later), Viewer, default);

        Assert.Empty(result.Errors);
        var candidates = result.Value!;
        var titles = candidates.Select(c => c.Item.Title).ToList();
        var poolcounter = titles.FindIndex(t => t.StartsWith("Add poolcounter limits to mwscript-k8s", StringComparison.Ordinal));
        Assert.InRange(poolcounter, 0, 2);
        Assert.Contains("mwscript", candidates[poolcounter].MatchedTerms);
        // Unrelated open items may appear (every word of a pool counts a little), but below the right one.
        foreach (var unrelated in new[] { "swift", "DNS", "authdns" })
        {
            var at = titles.FindIndex(t => t.Contains(unrelated, StringComparison.Ordinal));
            Assert.True(at == -1 || at > poolcounter, $"'{titles[Math.Max(at, 0)]}' ranks above the poolcounter item");
        }
        // Done in its document (closed before the later incident), opened after it, and the incident's own: never candidates.
        Assert.DoesNotContain(titles, t => t.Contains("job queue lag alert", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.Contains("concurrency limits", StringComparison.Ordinal));
        Assert.DoesNotContain(titles, t => t.StartsWith("Limit how many jobs", StringComparison.Ordinal));
        Assert.Equal(candidates.OrderByDescending(c => c.Score).Select(c => c.Item.Id), candidates.Select(c => c.Item.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Candidates_are_the_items_of_other_incidents_whose_status_history_says_open_at_the_incident_start(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var start = new DateTimeOffset(2025, 2, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var db = app.Database.CreateContext())
        {
            var earlier = Incident("earlier", startedAt: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var reviewed = Incident("reviewed", startedAt: start);
            var later = Incident("later", startedAt: new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
            db.Incidents.AddRange(earlier, reviewed, later);
            await db.SaveChangesAsync();
            db.ActionItems.AddRange(
                Item(earlier.Id, "database failover open", Day(2)),
                Item(earlier.Id, "database failover closed before", Day(2), (Day(20), ActionItemStatus.Resolved)),
                Item(earlier.Id, "database failover reopened before", Day(2), (Day(10), ActionItemStatus.Resolved), (Day(25), ActionItemStatus.Open)),
                Item(earlier.Id, "database failover resolved after", Day(2), (Day(40), ActionItemStatus.Resolved)),
                Item(earlier.Id, "database failover declined before", Day(2), (Day(15), ActionItemStatus.Declined)),
                Item(earlier.Id, "database failover stalled", Day(2), (Day(5), ActionItemStatus.Stalled)),
                Item(later.Id, "database failover opened after", Day(33)),
                Item(reviewed.Id, "database failover of the incident itself", Day(1)));
            var archived = Item(earlier.Id, "database failover archived", Day(2));
            archived.Archive(new Change("seed", ChangeOrigin.Local, Day(3)));
            db.ActionItems.Add(archived);
            await db.SaveChangesAsync();
        }
        var reviewedId = await IncidentIdAsync(app, "reviewed");

        var result = await PreventionCorpus.Service(app).CandidatesAsync(new FindPreventionCandidates(reviewedId, 100), Viewer, default);

        Assert.Empty(result.Errors);
        Assert.Equal(
            ["database failover open", "database failover reopened before", "database failover resolved after", "database failover stalled"],
            result.Value!.Select(c => c.Item.Title).Order(StringComparer.Ordinal));
        // The two words and, as the query writes them next to each other, their pair.
        Assert.All(result.Value!, c => Assert.Equal(["database", "database failover", "failover"], c.MatchedTerms.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_start_is_startedAt_else_the_incident_date_else_endedAt(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await using (var db = app.Database.CreateContext())
        {
            var earlier = Incident("earlier", startedAt: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var dated = Incident("dated database failover", startedAt: null);
            dated.IncidentDate = new DateOnly(2025, 2, 1);
            dated.EndedAt = Day(40);
            var ended = Incident("ended database failover", startedAt: null);
            ended.EndedAt = Day(31) + TimeSpan.FromHours(12);
            db.Incidents.AddRange(earlier, dated, ended);
            await db.SaveChangesAsync();
            // Opened at noon of the incident's day: after the dated incident's midnight, before the other's end.
            db.ActionItems.Add(Item(earlier.Id, "database failover", Day(31) + TimeSpan.FromHours(6)));
            await db.SaveChangesAsync();
        }
        var service = PreventionCorpus.Service(app);

        var forDated = await service.CandidatesAsync(new FindPreventionCandidates(await IncidentIdAsync(app, "dated database failover")), Viewer, default);
        var forEnded = await service.CandidatesAsync(new FindPreventionCandidates(await IncidentIdAsync(app, "ended database failover")), Viewer, default);

        Assert.Empty(forDated.Value!);
        Assert.Equal("database failover", Assert.Single(forEnded.Value!).Item.Title);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_incident_an_undated_one_and_a_first_out_of_range_are_specific_errors(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await using (var db = app.Database.CreateContext())
        {
            db.Incidents.Add(Incident("undated", startedAt: null));
            await db.SaveChangesAsync();
        }
        var service = PreventionCorpus.Service(app);
        var undated = await IncidentIdAsync(app, "undated");

        var unknown = await service.CandidatesAsync(new FindPreventionCandidates(999_999), Viewer, default);
        var noStart = await service.CandidatesAsync(new FindPreventionCandidates(undated), Viewer, default);
        var zero = await service.CandidatesAsync(new FindPreventionCandidates(undated, 0), Viewer, default);
        var tooMany = await service.CandidatesAsync(new FindPreventionCandidates(undated, PreventionService.MaxCandidates + 1), Viewer, default);

        Assert.Equal((ErrorKind.NotFound, "incidentId"), (Assert.Single(unknown.Errors).Kind, unknown.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "incidentId"), (Assert.Single(noStart.Errors).Kind, noStart.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "first"), (Assert.Single(zero.Errors).Kind, zero.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "first"), (Assert.Single(tooMany.Errors).Kind, tooMany.Errors[0].Field));
    }

    internal static Incident Incident(string title, DateTimeOffset? startedAt) => new()
    {
        Slug = title, Title = title, StartedAt = startedAt, CreatedAt = Day(0),
    };

    /// <summary>An item created open at <paramref name="openedAt"/>, then moved through the status changes given (history dated by them).</summary>
    internal static ActionItem Item(long incidentId, string title, DateTimeOffset openedAt, params (DateTimeOffset At, ActionItemStatus Status)[] changes)
    {
        var item = ActionItem.Create(incidentId, title, new Change("seed", ChangeOrigin.Local, openedAt));
        foreach (var (at, status) in changes)
        {
            item.SetStatus(status, new Change("seed", ChangeOrigin.Local, at));
        }
        return item;
    }

    /// <summary>Midnight UTC of day <paramref name="n"/> after 2025-01-01 (day 31 is 2025-02-01).</summary>
    internal static DateTimeOffset Day(int n) => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(n);

    internal static async Task<long> IncidentIdAsync(ApplicationHarness app, string title)
    {
        await using var db = app.Database.CreateContext();
        return await db.Incidents.Where(i => i.Title == title).Select(i => i.Id).SingleAsync();
    }
}
