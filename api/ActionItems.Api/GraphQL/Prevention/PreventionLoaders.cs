using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Prevention;

/// <summary>The scorecard question the verdicts answer, derived, beside the authors' own answer.</summary>
public sealed record OpenTaskQueueAnswer(ScorecardAnswerValue? Derived, ScorecardAnswer? Written, int Verdicts)
{
    public bool Disagreement => PreventionScorecard.Disagree(Derived, Written?.Answer);
}

/// <summary>What the derivable scorecard questions of one incident are answered from, and the answers its authors wrote.</summary>
public sealed record IncidentScorecard(ScorecardFacts Facts, IReadOnlyList<ScorecardAnswer> Scorecard);

/// <summary>The prevention fields of a page of incidents, one query per relation (scoped, like DataLoaders).</summary>
public sealed class PreventionLoaders(ActionItemsDbContext db)
{
    private Loading.BatchLoader<long, IReadOnlyList<PreventionReview>>? _reviewsByIncident;
    private Loading.BatchLoader<long, IncidentScorecard?>? _scorecardByIncident;

    /// <summary>Every verdict row of the incidents, superseded ones included, oldest decision first.</summary>
    public Loading.BatchLoader<long, IReadOnlyList<PreventionReview>> ReviewsByIncident => _reviewsByIncident ??= new(
        async (ids, ct) => (await db.PreventionReviews.AsNoTracking().Where(r => ids.Contains(r.IncidentId))
                .OrderBy(r => r.Id).ToListAsync(ct))
            .GroupBy(r => r.IncidentId).ToDictionary(g => g.Key, g => (IReadOnlyList<PreventionReview>)[.. g]),
        []);

    /// <summary>
    /// What the derivable scorecard questions need, for a page of incidents: four grouped queries, whatever the page size,
    /// shared by <c>openTaskQueueAnswer</c> and <c>scorecardChecks</c> (the first is the third check of the second), so
    /// selecting both reads the verdicts and the scorecards once.
    /// </summary>
    public Loading.BatchLoader<long, IncidentScorecard?> ScorecardByIncident => _scorecardByIncident ??= new(
        async (ids, ct) =>
        {
            var taskRefs = await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id))
                .ToDictionaryAsync(i => i.Id, i => i.TaskRef, ct);
            var counts = await db.ActionItems.AsNoTracking()
                .Where(i => ids.Contains(i.IncidentId) && i.ArchivedAt == null)
                .GroupBy(i => i.IncidentId)
                .Select(g => new { g.Key, Items = g.Count(), Unassigned = g.Count(i => i.OwnerId == null) })
                .ToDictionaryAsync(c => c.Key, ct);
            var verdicts = (await db.PreventionReviews.AsNoTracking()
                    .Where(r => ids.Contains(r.IncidentId) && r.SupersededAt == null)
                    .Select(r => new { r.IncidentId, r.Verdict }).ToListAsync(ct))
                .ToLookup(r => r.IncidentId, r => r.Verdict);
            var scorecards = (await db.ScorecardAnswers.AsNoTracking().Where(s => ids.Contains(s.IncidentId))
                    .OrderBy(s => s.Ordinal).ToListAsync(ct))
                .ToLookup(s => s.IncidentId);
            return taskRefs.ToDictionary(t => t.Key, t => (IncidentScorecard?)new IncidentScorecard(
                new ScorecardFacts(t.Value, counts.GetValueOrDefault(t.Key)?.Items ?? 0, counts.GetValueOrDefault(t.Key)?.Unassigned ?? 0,
                    [.. verdicts[t.Key]]),
                [.. scorecards[t.Key]]));
        },
        null);

    /// <summary>The open-task-queue question, derived from the verdicts, beside the authors' answer.</summary>
    public IDataLoaderResult<OpenTaskQueueAnswer> AnswerByIncident(long incidentId) =>
        ScorecardByIncident.Load(incidentId, scorecard => scorecard is null
            ? new OpenTaskQueueAnswer(null, null, 0)
            : new OpenTaskQueueAnswer(PreventionScorecard.Derive(scorecard.Facts.CurrentVerdicts),
                PreventionScorecard.Written(scorecard.Scorecard), scorecard.Facts.CurrentVerdicts.Count));

    /// <summary>The derivable scorecard questions, each beside the authors' answer.</summary>
    public IDataLoaderResult<IReadOnlyList<ScorecardCheck>> ChecksByIncident(long incidentId) =>
        ScorecardByIncident.Load(incidentId, scorecard => scorecard is null
            ? (IReadOnlyList<ScorecardCheck>)[]
            : ScorecardChecks.For(scorecard.Facts, scorecard.Scorecard));

    /// <summary>Called by mutations, as <see cref="Loading.DataLoaders.Clear"/>.</summary>
    public void Clear()
    {
        _scorecardByIncident?.Clear();
        _reviewsByIncident?.Clear();
    }
}
