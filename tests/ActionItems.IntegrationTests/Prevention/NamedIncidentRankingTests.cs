using ActionItems.Application.Postmortems;
using ActionItems.Data;
using ActionItems.Application.Prevention;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>
/// The reference terms of prevention candidates through the import (docs/prevention.md, "Incidents a postmortem
/// names", "Shared tracker tasks"): an earlier incident the later report links to, and a task an item cites after the
/// import linked it to another item, on both providers.
/// </summary>
public class NamedIncidentRankingTests
{
    private const string QueueOutage = """
        # 2024-03-01 job queue outage

        **Start:** 2024-03-01 09:00 UTC

        ## Summary

        The job queue consumers stopped and jobs piled up for two hours.

        ## Timeline

        - 09:00 OUTAGE BEGINS: consumers stop
        - 11:00 OUTAGE ENDS: consumers restarted

        ## Actionables

        - [ ] Add an alert on queue depth ([issue](https://github.com/acme/ops/issues/42))
        - [ ] Write a runbook for restarting the consumers
        """;

    private const string CacheOutage = """
        # 2024-03-05 cache eviction storm

        **Start:** 2024-03-05 14:00 UTC

        ## Summary

        A cache eviction storm slowed every page.

        ## Timeline

        - 14:00 OUTAGE BEGINS: latency rises
        - 14:30 OUTAGE ENDS: cache warmed

        ## Actionables

        - [ ] Page someone when alerts fire, not only the dashboard (https://github.com/acme/ops/issues/42)
        """;

    private const string ConsumerStall = """
        # 2024-04-10 consumer stall

        **Start:** 2024-04-10 08:00 UTC

        ## Summary

        Workers hung on a poisoned message. Nobody noticed for an hour: see [the earlier outage](2024-03-01-queue-outage.md),
        whose follow-ups are still open (https://github.com/acme/ops/issues/42).

        ## Timeline

        - 2024-04-09 23:00 a deploy changed the message format
        - 2024-04-10 08:00 OUTAGE BEGINS: workers hang
        - 2024-04-10 09:00 OUTAGE ENDS: message removed

        ## Actionables

        - [ ] Skip poisoned messages after three attempts
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_items_of_an_incident_the_report_links_to_and_an_item_citing_a_task_linked_elsewhere_rank_with_their_evidence(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        foreach (var (file, text) in new[]
                 {
                     ("2024-03-01-queue-outage.md", QueueOutage), ("2024-03-05-cache-outage.md", CacheOutage),
                     ("2024-04-10-consumer-stall.md", ConsumerStall),
                 })
        {
            var imported = await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(text, SourceUrl: file), Triager, default);
            Assert.Empty(imported.Errors);
        }
        await using (var db = app.Database.CreateContext())
        {
            // The import linked #42 to the first item citing it; the second keeps the reference all the same.
            var cited = await db.ActionItems.Where(i => i.Title.StartsWith("Page someone")).Select(i => new { i.ReferencedTasks, Links = i.Links.Count })
                .SingleAsync();
            Assert.Equal(["acme/ops#42"], cited.ReferencedTasks);
            Assert.Equal(0, cited.Links);
        }
        var later = await PreventionCandidatesTests.IncidentIdAsync(app, "2024-04-10 consumer stall");
        var earlier = await PreventionCandidatesTests.IncidentIdAsync(app, "2024-03-01 job queue outage");

        var result = await PreventionCorpus.Service(app).CandidatesAsync(new FindPreventionCandidates(later), Viewer, default);

        Assert.Empty(result.Errors);
        var candidates = result.Value!;
        // Both items of the linked report, though the runbook shares no word with the stall; the evidence is the reason shown.
        Assert.Equal([earlier, earlier], candidates.Take(2).Select(c => c.Item.IncidentId));
        Assert.All(candidates.Take(2), c => Assert.Contains(c.MatchedTerms,
            t => t.StartsWith("names incident 2024-03-01 \"2024-03-01 job queue outage\" (link to its report", StringComparison.Ordinal)));
        // The cache outage's item cites the issue the report cites; the timeline's day before the start names no incident
        // (there was none that day), so that item matches by the issue alone.
        var citing = Assert.Single(candidates, c => c.Item.Title.StartsWith("Page someone", StringComparison.Ordinal));
        Assert.Contains("acme/ops#42", citing.MatchedTerms);
        Assert.DoesNotContain(citing.MatchedTerms, t => t.StartsWith("names incident", StringComparison.Ordinal));

        var similar = await new SimilarIncidents(app.Scope().Db, new IncidentIndex(TimeSpan.Zero, TimeProvider.System)).FindAsync(new FindSimilarIncidents(later), Viewer, default);
        Assert.Equal(earlier, similar.Value![0].Incident.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Items_imported_before_referenced_tasks_were_stored_get_them_from_their_stored_postmortem(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        foreach (var (file, text) in new[] { ("2024-03-01-queue-outage.md", QueueOutage), ("2024-03-05-cache-outage.md", CacheOutage) })
        {
            Assert.Empty((await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(text, SourceUrl: file), Triager, default)).Errors);
        }
        // The state the migration that added the column leaves existing items in.
        await using (var db = app.Database.CreateContext())
        {
            foreach (var item in await db.ActionItems.ToListAsync())
            {
                item.ReferencedTasks = [];
            }
            await db.SaveChangesAsync();
        }
        // A re-import of the same text changes nothing, so it cannot be what fills them in.
        Assert.Empty((await app.Scope().Postmortems.ImportAsync(new ImportPostmortem(CacheOutage, SourceUrl: "2024-03-05-cache-outage.md"), Triager, default)).Errors);

        await using (var db = app.Database.CreateContext())
        {
            Assert.True(await ItemReferencedTasksRepair.RepairAsync(db, default) >= 1);
        }

        await using (var check = app.Database.CreateContext())
        {
            var cited = await check.ActionItems.Where(i => i.Title.StartsWith("Page someone")).Select(i => i.ReferencedTasks).SingleAsync();
            Assert.Equal(["acme/ops#42"], cited);
            // Run again (a second start on the same database), it finds nothing left to do.
            Assert.Equal(0, await ItemReferencedTasksRepair.RepairAsync(check, default));
        }
    }
}
