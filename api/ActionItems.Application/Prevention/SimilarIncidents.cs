using System.Text;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Prevention;

/// <summary>An incident that reads like another one, how much, and the words they share.</summary>
public sealed record SimilarIncident(Incident Incident, double Score, IReadOnlyList<string> MatchedTerms);

public sealed record FindSimilarIncidents(long IncidentId, int First = SimilarIncidents.DefaultFirst);

/// <summary>
/// Repeat detection (docs/prevention.md, "Similar incidents"): every other incident, earlier or later, ranked by BM25
/// against this incident's text, so a reviewer can answer "is this incident sufficiently different from earlier
/// incidents so as not to be a repeat occurrence?". The query side is the same as for prevention candidates; each
/// other incident is one document made of its title, and of its summary, impact, actionable titles and timeline.
/// </summary>
public sealed class SimilarIncidents(ActionItemsDbContext db, IncidentIndex index)
{
    public const int DefaultFirst = 10;
    public const int MaxFirst = 100;

    /// <summary>A timeline line is read up to this many characters: the document is cut at <see cref="Bm25.DescriptionCharacters"/> anyway.</summary>
    public const int TimelineLineCharacters = 500;

    public async Task<Result<IReadOnlyList<SimilarIncident>>> FindAsync(FindSimilarIncidents query, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Viewer) is { } forbidden)
        {
            return forbidden;
        }
        if (query.First is < 1 or > MaxFirst)
        {
            return Result<IReadOnlyList<SimilarIncident>>.Fail(ErrorKind.Validation,
                $"first must be between 1 and {MaxFirst}; it is {query.First}.", "first");
        }
        var incident = await db.Incidents.AsNoTracking()
            .Where(i => i.Id == query.IncidentId)
            .Select(i => new { i.Id, i.Title, i.Summary, i.Impact })
            .FirstOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return Result<IReadOnlyList<SimilarIncident>>.Fail(ErrorKind.NotFound, $"There is no incident {query.IncidentId}.", "incidentId");
        }

        // Built outside the index's lock (its reads of the incident's timeline, items, document and links would otherwise
        // queue every request behind one another), as prevention candidates build theirs.
        var rankingQuery = await IncidentQuery.BuildAsync(db, token => index.ReferencesAsync(db, token), incident.Id, incident.Title,
            incident.Summary, incident.Impact, cancellationToken);
        var ranked = await index.RankAsync(db, rankingQuery, incident.Id, query.First, cancellationToken);
        var ids = ranked.Select(r => r.Id).ToList();
        var found = await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        // An incident deleted since the index last read it is left out rather than failing the request.
        return Result<IReadOnlyList<SimilarIncident>>.Ok([.. ranked.Where(r => found.ContainsKey(r.Id))
            .Select(r => new SimilarIncident(found[r.Id], r.Score, r.MatchedTerms))]);
    }

    /// <summary>
    /// The ranking without the index: every other incident's document read and tokenised for this one query. The
    /// index must give the same scores and matched terms (a test compares both on the same data).
    /// </summary>
    internal static async Task<IReadOnlyList<RankedDocument>> RankListedAsync(ActionItemsDbContext db, RankingQuery rankingQuery,
        long incidentId, int first, CancellationToken cancellationToken)
    {
        var documents = (await LoadDocumentsAsync(db, null, cancellationToken))
            .Where(d => d.Id != incidentId)
            // An incident the postmortem names carries the query's term for it, as a candidate of it does.
            .Select(d => rankingQuery.NamedIncidentTerms.TryGetValue(d.Id, out var named) ? d with { References = [named] } : d)
            .ToList();
        return Bm25.Rank(rankingQuery, documents, first);
    }

    /// <summary>
    /// Each incident's document (all incidents when <paramref name="ids"/> is null), in id order, without references:
    /// the one reader behind the index and the listed ranking, so both rank the same text.
    /// </summary>
    internal static async Task<List<RankingDocument>> LoadDocumentsAsync(ActionItemsDbContext db, IReadOnlyCollection<long>? ids,
        CancellationToken cancellationToken)
    {
        var incidentRows = ids is null ? db.Incidents : db.Incidents.Where(i => ids.Contains(i.Id));
        var itemRows = ids is null ? db.ActionItems : db.ActionItems.Where(i => ids.Contains(i.IncidentId));
        var timelineRows = ids is null ? db.TimelineEntries : db.TimelineEntries.Where(t => ids.Contains(t.IncidentId));
        // Only the text columns, each cut in SQL to what the ranking reads.
        var incidents = await incidentRows.AsNoTracking()
            .OrderBy(i => i.Id)
            .Select(i => new
            {
                i.Id,
                i.Title,
                Summary = i.Summary == null ? null : i.Summary.Substring(0, Bm25.DescriptionCharacters),
                Impact = i.Impact == null ? null : i.Impact.Substring(0, Bm25.DescriptionCharacters),
            })
            .ToListAsync(cancellationToken);
        var items = (await itemRows.AsNoTracking().Where(i => i.ArchivedAt == null)
                .OrderBy(i => i.IncidentId).ThenBy(i => i.Ordinal).ThenBy(i => i.Id)
                .Select(i => new { i.IncidentId, i.Title, i.Tags })
                .ToListAsync(cancellationToken))
            .ToLookup(i => i.IncidentId);
        var timelines = (await timelineRows.AsNoTracking()
                .OrderBy(t => t.IncidentId).ThenBy(t => t.Ordinal)
                .Select(t => new { t.IncidentId, Text = t.Text.Substring(0, TimelineLineCharacters) })
                .ToListAsync(cancellationToken))
            .ToLookup(t => t.IncidentId, t => t.Text);
        return [.. incidents.Select(i => new RankingDocument(i.Id, i.Title,
            Body(i.Summary, i.Impact, items[i.Id].Select(a => a.Title), timelines[i.Id]),
            [.. items[i.Id].SelectMany(a => a.Tags).Distinct(StringComparer.OrdinalIgnoreCase)],
            IncidentTitle: null))];
    }

    /// <summary>
    /// An incident's text besides its title, most telling first (summary, impact, actionable titles, timeline), up to
    /// what BM25 reads: a long timeline must not push the summary out.
    /// </summary>
    private static string Body(string? summary, string? impact, IEnumerable<string> actionables, IEnumerable<string> timeline)
    {
        var body = new StringBuilder();
        foreach (var part in new[] { summary, impact }.Concat(actionables).Concat(timeline))
        {
            if (body.Length >= Bm25.DescriptionCharacters)
            {
                break;
            }
            if (!string.IsNullOrWhiteSpace(part))
            {
                body.Append(part).Append('\n');
            }
        }
        return body.ToString();
    }
}
