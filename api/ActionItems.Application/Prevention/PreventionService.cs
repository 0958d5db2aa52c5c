using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Prevention;

/// <summary>An earlier item that was open when an incident started, how relevant it looks, and the words that made it so.</summary>
public sealed record PreventionCandidate(ActionItem Item, double Score, IReadOnlyList<string> MatchedTerms);

public sealed record FindPreventionCandidates(long IncidentId, int First = PreventionService.DefaultCandidates);

public sealed record RecordPreventionVerdict(long IncidentId, long ItemId, PreventionVerdict Verdict, string? Note);

/// <summary>
/// The prevention review of an incident (README, "Prevention review"; docs/prevention.md): which items of other
/// incidents were open when it started, ranked by relevance to it, and the reviewers' verdicts on them.
/// </summary>
public sealed class PreventionService(ActionItemsDbContext db, UnitOfWork unitOfWork, TimeProvider clock, CandidateIndex candidates,
    IncidentIndex incidents)
{
    public const int DefaultCandidates = 10;
    public const int MaxCandidates = 100;

    public async Task<Result<IReadOnlyList<PreventionCandidate>>> CandidatesAsync(FindPreventionCandidates query, Actor actor,
        CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Viewer) is { } forbidden)
        {
            return forbidden;
        }
        if (query.First is < 1 or > MaxCandidates)
        {
            return Result<IReadOnlyList<PreventionCandidate>>.Fail(ErrorKind.Validation,
                $"first must be between 1 and {MaxCandidates}; it is {query.First}.", "first");
        }
        var incident = await db.Incidents.AsNoTracking()
            .Where(i => i.Id == query.IncidentId)
            .Select(i => new { i.Id, i.Title, i.Summary, i.Impact, i.StartedAt, i.IncidentDate, i.EndedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return Result<IReadOnlyList<PreventionCandidate>>.Fail(ErrorKind.NotFound, $"There is no incident {query.IncidentId}.", "incidentId");
        }
        if (StartOf(incident.StartedAt, incident.IncidentDate, incident.EndedAt) is not { } start)
        {
            return Result<IReadOnlyList<PreventionCandidate>>.Fail(ErrorKind.Validation,
                $"Incident {incident.Id} has no start, date or end, so no item can be said to have been open when it started.", "incidentId");
        }

        // The incidents its postmortem names are found among those the incident index keeps.
        var rankingQuery = await IncidentQuery.BuildAsync(db, token => incidents.ReferencesAsync(db, token), incident.Id, incident.Title,
            incident.Summary, incident.Impact, cancellationToken);

        var ranked = await candidates.RankAsync(db, rankingQuery, incident.Id, start, query.First, cancellationToken);
        var ids = ranked.Select(r => r.Id).ToList();
        var items = await db.ActionItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        // An item deleted since the index was refreshed is left out rather than failing the answer.
        return Result<IReadOnlyList<PreventionCandidate>>.Ok(
            [.. ranked.Where(r => items.ContainsKey(r.Id)).Select(r => new PreventionCandidate(items[r.Id], r.Score, r.MatchedTerms))]);
    }

    /// <summary>When an incident started for this question: its start, else the beginning of its day, else its end.</summary>
    public static DateTimeOffset? StartOf(DateTimeOffset? startedAt, DateOnly? date, DateTimeOffset? endedAt) =>
        startedAt ?? (date is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : endedAt);

    /// <summary>
    /// Records a reviewer's verdict on one item for one incident. A new decision on the same item supersedes the
    /// current one (kept as history); repeating the current verdict and note changes nothing.
    /// </summary>
    public async Task<Result<PreventionReview>> RecordVerdictAsync(RecordPreventionVerdict command, Actor actor,
        CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        if (!Enum.IsDefined(command.Verdict))
        {
            return Result<PreventionReview>.Fail(ErrorKind.Validation, $"'{command.Verdict}' is not a verdict.", "verdict");
        }
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        if (note is { Length: > FieldLimits.PreventionNote })
        {
            return Result<PreventionReview>.Fail(ErrorKind.Validation,
                $"note is {note.Length} characters long; at most {FieldLimits.PreventionNote} are allowed.", "note");
        }
        if (!await db.Incidents.AnyAsync(i => i.Id == command.IncidentId, cancellationToken))
        {
            return Result<PreventionReview>.Fail(ErrorKind.NotFound, $"There is no incident {command.IncidentId}.", "incidentId");
        }
        var itemIncident = await db.ActionItems.Where(i => i.Id == command.ItemId).Select(i => (long?)i.IncidentId)
            .FirstOrDefaultAsync(cancellationToken);
        if (itemIncident is null)
        {
            return Result<PreventionReview>.Fail(ErrorKind.NotFound, $"There is no action item {command.ItemId}.", "itemId");
        }
        if (itemIncident == command.IncidentId)
        {
            return Result<PreventionReview>.Fail(ErrorKind.Validation,
                $"Action item {command.ItemId} is one of incident {command.IncidentId}'s own items; only items of other incidents can have prevented it.",
                "itemId");
        }

        var current = await db.PreventionReviews.FirstOrDefaultAsync(r => r.IncidentId == command.IncidentId &&
            r.CandidateActionItemId == command.ItemId && r.SupersededAt == null, cancellationToken);
        if (current is not null && current.Verdict == command.Verdict && current.Note == note)
        {
            return Result<PreventionReview>.Ok(current);
        }
        var now = clock.GetUtcNow();
        var review = new PreventionReview
        {
            IncidentId = command.IncidentId,
            CandidateActionItemId = command.ItemId,
            Verdict = command.Verdict,
            Reviewer = FieldLimits.Truncate(actor.Name, 200),
            Note = note,
            At = now,
        };
        try
        {
            // Two saves in one transaction: the superseded row must leave the "one current verdict" index before the
            // new row enters it, whatever order the provider would put one save's statements in.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (current is not null)
            {
                current.SupersededAt = now;
                await db.SaveChangesAsync(cancellationToken);
            }
            db.PreventionReviews.Add(review);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            unitOfWork.Committed();
        }
        catch (DbUpdateException)
        {
            unitOfWork.Abandoned();
            return Result<PreventionReview>.Fail(ErrorKind.Conflict,
                "Someone else recorded a verdict on this item for this incident meanwhile; read it and decide again.", "itemId");
        }
        return Result<PreventionReview>.Ok(review);
    }
}

/// <summary>
/// The scorecard question the verdicts answer, derived: "was the open task queue free of any tasks that would have
/// prevented this incident?" is No when any current verdict is "would have prevented", Yes when verdicts exist and
/// none is, and unanswered without verdicts. Shown beside the answer the authors wrote in the scorecard.
/// </summary>
public static class PreventionScorecard
{
    public const string Question =
        "To the best of your knowledge was the open task queue free of any tasks that would have prevented this incident?";

    /// <summary>The derived answer from the current (not superseded) verdicts.</summary>
    public static ScorecardAnswerValue? Derive(IEnumerable<PreventionVerdict> currentVerdicts)
    {
        var any = false;
        foreach (var verdict in currentVerdicts)
        {
            if (verdict == PreventionVerdict.WouldHavePrevented)
            {
                return ScorecardAnswerValue.No;
            }
            any = true;
        }
        return any ? ScorecardAnswerValue.Yes : null;
    }

    /// <summary>The authors' answer to this question in a scorecard: the question that speaks of the task queue and prevention.</summary>
    public static ScorecardAnswer? Written(IEnumerable<ScorecardAnswer> scorecard) =>
        scorecard.FirstOrDefault(a => a.Question.Contains("task", StringComparison.OrdinalIgnoreCase) &&
                                      a.Question.Contains("prevent", StringComparison.OrdinalIgnoreCase));

    /// <summary>Both answers known (the authors' not "unknown") and different.</summary>
    public static bool Disagree(ScorecardAnswerValue? derived, ScorecardAnswerValue? written) =>
        derived is { } d && written is { } w && w != ScorecardAnswerValue.Unknown && d != w;
}
