using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Prevention;

/// <summary>The scorecard question the verdicts answer, derived, beside the authors' own answer.</summary>
public sealed record OpenTaskQueueAnswer(ScorecardAnswerValue? Derived, ScorecardAnswer? Written, int Verdicts)
{
    public bool Disagreement => PreventionScorecard.Disagree(Derived, Written?.Answer);
}

/// <summary>The prevention fields of a page of incidents, one query per relation (scoped, like DataLoaders).</summary>
public sealed class PreventionLoaders(ActionItemsDbContext db)
{
    private Loading.BatchLoader<long, IReadOnlyList<PreventionReview>>? _reviewsByIncident;
    private Loading.BatchLoader<long, OpenTaskQueueAnswer>? _answerByIncident;
    private Loading.BatchLoader<long, IReadOnlyList<ScorecardCheck>>? _checksByIncident;

    /// <summary>Every verdict row of the incidents, superseded ones included, oldest decision first.</summary>
    public Loading.BatchLoader<long, IReadOnlyList<PreventionReview>> ReviewsByIncident => _reviewsByIncident ??= new(
        async (ids, ct) => (await db.PreventionReviews.AsNoTracking().Where(r => ids.Contains(r.IncidentId))
                .OrderBy(r => r.Id).ToListAsync(ct))
            .GroupBy(r => r.IncidentId).ToDictionary(g => g.Key, g => (IReadOnlyList<PreventionReview>)[.. g]),
        []);

    public Loading.BatchLoader<long, OpenTaskQueueAnswer> AnswerByIncident => _answerByIncident ??= new(
        async (ids, ct) =>
        {
            var verdicts = (await db.PreventionReviews.AsNoTracking()
                    .Where(r => ids.Contains(r.IncidentId) && r.SupersededAt == null)
                    .Select(r => new { r.IncidentId, r.Verdict }).ToListAsync(ct))
                .ToLookup(r => r.IncidentId, r => r.Verdict);
#pragma warning disable CA1862 // ToLower().Contains() is what both providers translate.
            var written = (await db.ScorecardAnswers.AsNoTracking()
                    .Where(s => ids.Contains(s.IncidentId) && s.Question.ToLower().Contains("prevent"))
                    .OrderBy(s => s.Ordinal).ToListAsync(ct))
                .ToLookup(s => s.IncidentId);
#pragma warning restore CA1862
            return ids.ToDictionary(id => id, id => new OpenTaskQueueAnswer(
                PreventionScorecard.Derive(verdicts[id]), PreventionScorecard.Written(written[id]), verdicts[id].Count()));
        },
        new OpenTaskQueueAnswer(null, null, 0));

    /// <summary>The derivable scorecard questions of a page of incidents: four grouped queries, whatever the page size.</summary>
    public Loading.BatchLoader<long, IReadOnlyList<ScorecardCheck>> ChecksByIncident => _checksByIncident ??= new(
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
            return taskRefs.ToDictionary(t => t.Key, t => ScorecardChecks.For(
                new ScorecardFacts(t.Value, counts.GetValueOrDefault(t.Key)?.Items ?? 0, counts.GetValueOrDefault(t.Key)?.Unassigned ?? 0,
                    [.. verdicts[t.Key]]),
                [.. scorecards[t.Key]]));
        },
        []);

    /// <summary>Called by mutations, as <see cref="Loading.DataLoaders.Clear"/>.</summary>
    public void Clear()
    {
        _checksByIncident?.Clear();
        _reviewsByIncident?.Clear();
        _answerByIncident?.Clear();
    }
}
