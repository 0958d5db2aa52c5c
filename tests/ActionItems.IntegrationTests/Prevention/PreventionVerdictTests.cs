using ActionItems.Application;
using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using static ActionItems.IntegrationTests.Prevention.PreventionCandidatesTests;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>recordPreventionVerdict: who decided what and when, re-decisions kept as history, bad input refused with nothing stored.</summary>
public class PreventionVerdictTests
{
    private sealed record Seeded(long Reviewed, long Earlier, long EarlierItem, long OwnItem);

    private static async Task<Seeded> SeedAsync(ApplicationHarness app)
    {
        await using var db = app.Database.CreateContext();
        var earlier = Incident("earlier", Day(0));
        var reviewed = Incident("reviewed", Day(31));
        db.Incidents.AddRange(earlier, reviewed);
        await db.SaveChangesAsync();
        var earlierItem = Item(earlier.Id, "Add poolcounter limits", Day(1));
        var ownItem = Item(reviewed.Id, "Limit jobs", Day(32));
        db.ActionItems.AddRange(earlierItem, ownItem);
        await db.SaveChangesAsync();
        return new Seeded(reviewed.Id, earlier.Id, earlierItem.Id, ownItem.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_re_decision_replaces_the_current_verdict_and_keeps_the_earlier_one_with_who_and_when(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var ids = await SeedAsync(app);
        var first = await PreventionCorpus.Service(app).RecordVerdictAsync(
            new RecordPreventionVerdict(ids.Reviewed, ids.EarlierItem, PreventionVerdict.WouldHaveMitigated, " partly "), Triager, default);
        var firstAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromHours(2));
        var second = await PreventionCorpus.Service(app).RecordVerdictAsync(
            new RecordPreventionVerdict(ids.Reviewed, ids.EarlierItem, PreventionVerdict.WouldHavePrevented, "the limit stops the job flood"),
            new Actor("bob", ActorRole.Triager), default);
        var repeated = await PreventionCorpus.Service(app).RecordVerdictAsync(
            new RecordPreventionVerdict(ids.Reviewed, ids.EarlierItem, PreventionVerdict.WouldHavePrevented, "the limit stops the job flood"),
            Triager, default);

        Assert.Empty(first.Errors.Concat(second.Errors).Concat(repeated.Errors));
        Assert.Equal(second.Value!.Id, repeated.Value!.Id);
        await using var db = app.Database.CreateContext();
        var rows = await db.PreventionReviews.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal((PreventionVerdict.WouldHaveMitigated, "alice", "partly", firstAt, app.Clock.GetUtcNow()),
            (rows[0].Verdict, rows[0].Reviewer, rows[0].Note, rows[0].At, rows[0].SupersededAt));
        Assert.Equal((PreventionVerdict.WouldHavePrevented, "bob", app.Clock.GetUtcNow(), (DateTimeOffset?)null),
            (rows[1].Verdict, rows[1].Reviewer, rows[1].At, rows[1].SupersededAt));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_ids_an_item_of_the_same_incident_an_unknown_verdict_a_long_note_or_a_viewer_store_nothing(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var ids = await SeedAsync(app);
        var service = PreventionCorpus.Service(app);

        async Task<(ErrorKind, string?)> Refused(RecordPreventionVerdict command, Actor? actor = null)
        {
            var result = await service.RecordVerdictAsync(command, actor ?? Triager, default);
            var error = Assert.Single(result.Errors);
            Assert.Null(result.Value);
            return (error.Kind, error.Field);
        }

        Assert.Equal((ErrorKind.NotFound, "incidentId"),
            await Refused(new RecordPreventionVerdict(999_999, ids.EarlierItem, PreventionVerdict.NotRelated, null)));
        Assert.Equal((ErrorKind.NotFound, "itemId"),
            await Refused(new RecordPreventionVerdict(ids.Reviewed, 999_999, PreventionVerdict.NotRelated, null)));
        Assert.Equal((ErrorKind.Validation, "itemId"),
            await Refused(new RecordPreventionVerdict(ids.Reviewed, ids.OwnItem, PreventionVerdict.NotRelated, null)));
        Assert.Equal((ErrorKind.Validation, "verdict"),
            await Refused(new RecordPreventionVerdict(ids.Reviewed, ids.EarlierItem, (PreventionVerdict)42, null)));
        Assert.Equal((ErrorKind.Validation, "note"),
            await Refused(new RecordPreventionVerdict(ids.Reviewed, ids.EarlierItem, PreventionVerdict.NotRelated,
                new string('x', FieldLimits.PreventionNote + 1))));
        Assert.Equal((ErrorKind.Forbidden, null),
            await Refused(new RecordPreventionVerdict(ids.Reviewed, ids.EarlierItem, PreventionVerdict.NotRelated, null), Viewer));

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.PreventionReviews.CountAsync());
    }
}
