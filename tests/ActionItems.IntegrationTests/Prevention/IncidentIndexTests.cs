using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using static ActionItems.IntegrationTests.Prevention.PreventionCandidatesTests;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>
/// The incident index behind similarIncidents (docs/prevention.md, "The incident index"): the same scores and matched
/// terms as ranking the listed documents, before and after changes it follows by re-tokenising only what changed, and a
/// change shown once the index is older than its maximum age.
/// </summary>
public class IncidentIndexTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_index_ranks_every_corpus_incident_exactly_as_the_listed_documents_before_and_after_changes(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await PreventionCorpus.ImportAsync(app);
        using var index = new IncidentIndex(TimeSpan.Zero, TimeProvider.System);

        await AssertSameRankingsAsync(app, index);
        Assert.Equal(1, index.Builds);

        await using (var db = app.Database.CreateContext())
        {
            var incidents = await db.Incidents.OrderBy(i => i.Id).Take(3).ToListAsync();
            var items = await db.ActionItems.Where(i => i.ArchivedAt == null).OrderBy(i => i.Id).Take(2).ToListAsync();
            var change = new Change("test", ChangeOrigin.Local, DateTimeOffset.UtcNow);
            items[0].SetTitle("Rotate the etcd certificates before they expire", change);
            items[1].Archive(change);
            db.TimelineEntries.Add(new TimelineEntry { IncidentId = incidents[0].Id, Ordinal = 999, Text = "etcd certificates expired on the control plane" });
            incidents[1].Summary = "The etcd cluster refused clients after its certificates expired.";
            incidents[1].UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        await AssertSameRankingsAsync(app, index);
        // Followed by re-tokenising the changed incidents, not by a rebuild.
        Assert.Equal(1, index.Builds);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_named_incident_carries_the_query_term_and_ranks_as_in_the_listed_documents(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await PreventionCorpus.ImportAsync(app);
        using var index = new IncidentIndex(TimeSpan.Zero, TimeProvider.System);
        await using var db = app.Database.CreateContext();
        var ids = await db.Incidents.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
        var (queried, named) = (ids[0], ids[^1]);

        // Twice: the second query finds the named incident's document already tokenised with its term.
        for (var round = 0; round < 2; round++)
        {
            var query = (await QueryAsync(db, index, queried)).AddNamedIncident(new NamedIncident(named, "names the last incident"), 10);
            var indexed = await index.RankAsync(db, query, queried, SimilarIncidents.MaxFirst, default);
            var listed = await SimilarIncidents.RankListedAsync(db, query, queried, SimilarIncidents.MaxFirst, default);
            AssertSame(listed, indexed);
            Assert.Contains("names the last incident", Assert.Single(indexed, r => r.Id == named).MatchedTerms);
        }
    }

    [Fact]
    public async Task An_incident_item_or_timeline_change_shows_once_the_index_is_older_than_its_maximum_age()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        long reviewedId;
        long otherId;
        long itemId;
        await using (var db = app.Database.CreateContext())
        {
            var other = Incident("2024-10-09 swift disks full", Day(-80));
            var reviewed = Incident("2025-01-15 calico codfw outage", Day(14));
            reviewed.Summary = "Calico BGP sessions flapped; poolcounter saturated; etcd certificates expired.";
            db.Incidents.AddRange(other, reviewed);
            await db.SaveChangesAsync();
            var item = Item(other.Id, "Add disk usage alerts", Day(-79));
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
            (reviewedId, otherId, itemId) = (reviewed.Id, other.Id, item.Id);
        }
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var index = new IncidentIndex(TimeSpan.FromSeconds(5), clock);

        async Task<IReadOnlyList<string>> MatchedAsync()
        {
            var result = await new SimilarIncidents(app.Scope().Db, index).FindAsync(new FindSimilarIncidents(reviewedId), Viewer, default);
            Assert.Empty(result.Errors);
            return result.Value!.SingleOrDefault(s => s.Incident.Id == otherId)?.MatchedTerms ?? [];
        }

        async Task ChangeAndSeeAsync(Func<ActionItemsDbContext, Task> change, string term)
        {
            await using (var db = app.Database.CreateContext())
            {
                await change(db);
                await db.SaveChangesAsync();
            }
            clock.Advance(TimeSpan.FromSeconds(4));
            Assert.DoesNotContain(term, await MatchedAsync());
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Contains(term, await MatchedAsync());
        }

        Assert.Empty(await MatchedAsync());
        await ChangeAndSeeAsync(async db =>
        {
            var incident = await db.Incidents.SingleAsync(i => i.Id == otherId);
            incident.Impact = "calico restarts took the pods down.";
            incident.UpdatedAt = DateTimeOffset.UtcNow;
        }, "calico");
        await ChangeAndSeeAsync(async db =>
        {
            var item = await db.ActionItems.SingleAsync(i => i.Id == itemId);
            item.SetTitle("Add poolcounter limits", new Change("test", ChangeOrigin.Local, DateTimeOffset.UtcNow));
        }, "poolcounter");
        await ChangeAndSeeAsync(db =>
        {
            db.TimelineEntries.Add(new TimelineEntry { IncidentId = otherId, Ordinal = 1, Text = "etcd refused the expired certificates" });
            return Task.CompletedTask;
        }, "etcd");
        Assert.Equal(1, index.Builds);
    }

    [Fact]
    public async Task A_retitled_incident_that_a_postmortem_names_by_its_new_title_is_named_once_the_index_is_older_than_its_maximum_age()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        long reviewedId;
        long otherId;
        await using (var db = app.Database.CreateContext())
        {
            var other = Incident("2024-10-09 swift disks full", Day(-80));
            var reviewed = Incident("2025-01-15 calico codfw outage", Day(14));
            // Names an earlier incident by a title none has yet.
            reviewed.Document = new IncidentDocument { Text = "Calico sessions flapped in codfw, as in the calico route reflector restart storm." };
            db.Incidents.AddRange(other, reviewed);
            await db.SaveChangesAsync();
            db.ActionItems.Add(Item(other.Id, "Add disk usage alerts", Day(-79)));
            await db.SaveChangesAsync();
            (reviewedId, otherId) = (reviewed.Id, other.Id);
        }
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var index = new IncidentIndex(TimeSpan.FromSeconds(5), clock);
        using var candidates = new CandidateIndex(TimeSpan.FromSeconds(5), clock);

        // Whether similar incidents and prevention candidates (both take the names from the incident index) show the
        // other incident as named by the reviewed one's postmortem.
        async Task<(bool BySimilar, bool ByCandidate)> NamedAsync()
        {
            static bool Names(IReadOnlyList<string> terms) =>
                terms.Any(t => t.StartsWith("names incident", StringComparison.Ordinal) && t.EndsWith("(its title)", StringComparison.Ordinal));
            var similar = await new SimilarIncidents(app.Scope().Db, index).FindAsync(new FindSimilarIncidents(reviewedId), Viewer, default);
            var candidate = await PreventionCorpus.Service(app, candidates, index)
                .CandidatesAsync(new FindPreventionCandidates(reviewedId, PreventionService.MaxCandidates), Viewer, default);
            Assert.Empty(similar.Errors);
            Assert.Empty(candidate.Errors);
            return (similar.Value!.Any(s => s.Incident.Id == otherId && Names(s.MatchedTerms)),
                candidate.Value!.Any(c => c.Item.IncidentId == otherId && Names(c.MatchedTerms)));
        }

        Assert.Equal((false, false), await NamedAsync());
        await using (var db = app.Database.CreateContext())
        {
            // As a re-import that retitles it: the title with its updatedAt.
            var other = await db.Incidents.SingleAsync(i => i.Id == otherId);
            other.Title = "Calico route reflector restart storm";
            other.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal((false, false), await NamedAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((true, true), await NamedAsync());
        Assert.Equal(1, index.Builds);
    }

    private static async Task AssertSameRankingsAsync(ApplicationHarness app, IncidentIndex index)
    {
        await using var db = app.Database.CreateContext();
        var ids = await db.Incidents.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var query = await QueryAsync(db, index, id);
            var indexed = await index.RankAsync(db, query, id, SimilarIncidents.MaxFirst, default);
            var listed = await SimilarIncidents.RankListedAsync(db, query, id, SimilarIncidents.MaxFirst, default);
            AssertSame(listed, indexed);
        }
    }

    private static async Task<RankingQuery> QueryAsync(ActionItemsDbContext db, IncidentIndex index, long incidentId)
    {
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == incidentId);
        return await IncidentQuery.BuildAsync(db, token => index.ReferencesAsync(db, token), incident.Id, incident.Title, incident.Summary,
            incident.Impact, default);
    }

    /// <summary>Exactly equal scores, not close ones: the same documents, lengths and pool give the same arithmetic.</summary>
    private static void AssertSame(IReadOnlyList<RankedDocument> expected, IReadOnlyList<RankedDocument> actual)
    {
        Assert.Equal(expected.Select(r => (r.Id, r.Score)), actual.Select(r => (r.Id, r.Score)));
        Assert.Equal(expected.Select(r => r.MatchedTerms), actual.Select(r => r.MatchedTerms));
    }
}
