using System.Diagnostics;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Every incident as a similar-incident document (<see cref="SimilarIncidents"/>), tokenised once into a
/// <see cref="RankingIndex"/> and kept for the life of the process, as <see cref="CandidateIndex"/> keeps items
/// (docs/prevention.md, "The incident index"): reading every incident, item title and timeline line and tokenising
/// 10,000 documents took about half a second per request. A request older than the maximum age since the last refresh
/// (the candidate index's, Prevention:IndexMaxAge: one setting says how late a change may show) reads a cheap watermark
/// of incidents, items and timeline entries and, when it moved, re-tokenises only the incidents whose rows changed. One
/// request at a time uses it (<see cref="WatermarkedIndex{TWatermark}"/>).
/// </summary>
public sealed class IncidentIndex(TimeSpan maxAge, TimeProvider clock) : WatermarkedIndex<IncidentIndex.Watermark>(maxAge, clock)
{
    /// <summary>Ids per query when changed incidents are reloaded: below both providers' bind-parameter limits.</summary>
    private const int ReloadBatch = 500;

    private readonly Dictionary<long, Entry> _incidents = [];
    private RankingIndex _ranking = new();
    private bool[] _pool = [];

    /// <summary>
    /// How every incident can be named, for the incidents a postmortem names (<see cref="IncidentQuery"/>): read with
    /// the signatures whenever the watermark moved (an import that retitles or re-dates an incident sets its
    /// updatedAt), so a request no longer reads them all. Replaced, never changed in place: a caller may keep a list.
    /// </summary>
    private IncidentReferenceCatalog _references = IncidentReferenceCatalog.Empty;

    public TimeSpan LastRanking { get; private set; }

    /// <summary>How every incident can be named, as of the index's refresh (prevention candidates' query).</summary>
    public Task<IncidentReferenceCatalog> ReferencesAsync(ActionItemsDbContext db, CancellationToken cancellationToken) =>
        UseAsync(db, () => Task.FromResult(_references), cancellationToken);

    /// <summary>
    /// The <paramref name="first"/> incidents other than <paramref name="incidentId"/> best matching the query, scored
    /// exactly as <see cref="SimilarIncidents.RankListedAsync"/> scores the same documents.
    /// </summary>
    public Task<IReadOnlyList<RankedDocument>> RankAsync(ActionItemsDbContext db, RankingQuery query, long incidentId, int first,
        CancellationToken cancellationToken) =>
        UseAsync(db, () => RankHoldingGateAsync(db, query, incidentId, first, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<RankedDocument>> RankHoldingGateAsync(ActionItemsDbContext db, RankingQuery query, long incidentId, int first,
        CancellationToken cancellationToken)
    {
        await AddNamedVariantsAsync(db, query, incidentId, cancellationToken);
        var ranking = Stopwatch.StartNew();
        if (_pool.Length < _ranking.SlotCount)
        {
            _pool = new bool[Math.Max(_ranking.SlotCount, _pool.Length * 5 / 4)];
        }
        Array.Clear(_pool);
        foreach (var (id, entry) in _incidents)
        {
            if (id == incidentId)
            {
                continue;
            }
            // A named incident's document carries the query's term for it, which also adds to its length: its
            // variant slot stands in for the plain one.
            var named = query.NamedIncidentTerms.ContainsKey(id);
            _pool[named && entry.NamedSlot is { } variant ? variant : entry.Slot] = true;
        }
        var ranked = Bm25.Rank(query, _ranking, _pool, first);
        LastRanking = ranking.Elapsed;
        return ranked;
    }

    /// <summary>
    /// The documents of the incidents the query names, with the query's term for each, tokenised once per incident and
    /// kept until that incident changes: few incidents are named, and only their documents differ per query.
    /// </summary>
    private async Task AddNamedVariantsAsync(ActionItemsDbContext db, RankingQuery query, long incidentId, CancellationToken cancellationToken)
    {
        var missing = query.NamedIncidentTerms.Keys
            .Where(id => id != incidentId && _incidents.TryGetValue(id, out var entry) && entry.NamedSlot is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        foreach (var document in await SimilarIncidents.LoadDocumentsAsync(db, missing, cancellationToken))
        {
            var entry = _incidents[document.Id];
            entry.NamedSlot = _ranking.Add(document with { References = [RankingQuery.NamedIncidentTerm(document.Id)] });
        }
    }

    protected override Task<Watermark> ReadWatermarkAsync(ActionItemsDbContext db, CancellationToken cancellationToken) =>
        Watermark.ReadAsync(db, cancellationToken);

    /// <summary>Retired slots keep their postings; once they outnumber the live incidents, start afresh.</summary>
    protected override bool WorthRebuilding => _ranking.RetiredCount > _incidents.Count;

    /// <summary>The incidents whose signature changed are read again and re-tokenised into new slots; gone ones are retired.</summary>
    protected override async Task<bool> ApplyChangesAsync(ActionItemsDbContext db, Watermark seen, Watermark now,
        CancellationToken cancellationToken)
    {
        var (signatures, referenceKeys) = await Signature.ReadAllAsync(db, cancellationToken);
        if (!seen.SameIncidentRows(now))
        {
            // Only an incident row (added, deleted, its updatedAt set) can change how incidents are named; item and
            // timeline changes keep the catalog.
            _references = new IncidentReferenceCatalog(referenceKeys);
        }
        var changed = signatures.Where(s => !_incidents.TryGetValue(s.Key, out var known) || known.Signature != s.Value)
            .Select(s => s.Key).ToList();
        foreach (var gone in _incidents.Keys.Where(id => !signatures.ContainsKey(id)).ToList())
        {
            Retire(_incidents[gone]);
            _incidents.Remove(gone);
        }
        foreach (var batch in changed.Chunk(ReloadBatch))
        {
            foreach (var document in await SimilarIncidents.LoadDocumentsAsync(db, batch, cancellationToken))
            {
                if (_incidents.TryGetValue(document.Id, out var old))
                {
                    Retire(old);
                }
                _incidents[document.Id] = new Entry(_ranking.Add(document), signatures[document.Id]);
            }
        }
        return true;
    }

    private void Retire(Entry entry)
    {
        _ranking.Retire(entry.Slot);
        if (entry.NamedSlot is { } variant)
        {
            _ranking.Retire(variant);
        }
    }

    protected override async Task BuildAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        _incidents.Clear();
        _ranking = new RankingIndex();
        // Signatures first: a change committed between the two reads shows as a changed signature at the next refresh.
        var (signatures, referenceKeys) = await Signature.ReadAllAsync(db, cancellationToken);
        _references = new IncidentReferenceCatalog(referenceKeys);
        foreach (var document in await SimilarIncidents.LoadDocumentsAsync(db, null, cancellationToken))
        {
            if (signatures.TryGetValue(document.Id, out var signature))
            {
                _incidents[document.Id] = new Entry(_ranking.Add(document), signature);
            }
        }
    }

    private sealed class Entry(int slot, Signature signature)
    {
        public int Slot { get; } = slot;
        public Signature Signature { get; } = signature;

        /// <summary>The slot of the document carrying the incident's own named-incident term, once a query named it.</summary>
        public int? NamedSlot { get; set; }
    }

    /// <summary>
    /// What one incident's document is made of, summed up: its update instant and title, its items' count, largest id and
    /// summed versions (any edit or archival raises a version), its timeline's count, largest id and summed text length.
    /// </summary>
    private readonly record struct Signature(DateTimeOffset Updated, string Title, long Items, long ItemsMaxId, long ItemVersions,
        long Lines, long LinesMaxId, long LinesLength)
    {
        /// <summary>Every incident's signature, and its reference key from the same read of the incidents.</summary>
        public static async Task<(Dictionary<long, Signature> Signatures, List<IncidentReferenceKey> ReferenceKeys)> ReadAllAsync(
            ActionItemsDbContext db, CancellationToken cancellationToken)
        {
            var items = (await db.ActionItems.AsNoTracking().GroupBy(i => i.IncidentId)
                    .Select(g => new { g.Key, Count = g.Count(), MaxId = g.Max(i => i.Id), Versions = g.Sum(i => i.Version) })
                    .ToListAsync(cancellationToken))
                .ToDictionary(g => g.Key);
            var lines = (await db.TimelineEntries.AsNoTracking().GroupBy(t => t.IncidentId)
                    .Select(g => new { g.Key, Count = g.Count(), MaxId = g.Max(t => t.Id), Length = g.Sum(t => (long)t.Text.Length) })
                    .ToListAsync(cancellationToken))
                .ToDictionary(g => g.Key);
            var incidents = await db.Incidents.AsNoTracking().OrderBy(i => i.Id)
                .Select(i => new { i.Id, i.UpdatedAt, i.Title, i.Source, i.IncidentDate, i.StartedAt }).ToListAsync(cancellationToken);
            var signatures = new Dictionary<long, Signature>(incidents.Count);
            var referenceKeys = new List<IncidentReferenceKey>(incidents.Count);
            foreach (var incident in incidents)
            {
                referenceKeys.Add(IncidentReferenceKey.Of(incident.Id, incident.Title, incident.Source, incident.IncidentDate, incident.StartedAt));
                var item = items.GetValueOrDefault(incident.Id);
                var line = lines.GetValueOrDefault(incident.Id);
                signatures[incident.Id] = new Signature(incident.UpdatedAt, incident.Title,
                    item?.Count ?? 0, item?.MaxId ?? 0, item?.Versions ?? 0, line?.Count ?? 0, line?.MaxId ?? 0, line?.Length ?? 0);
            }
            return (signatures, referenceKeys);
        }
    }

    /// <summary>One aggregate per table: unchanged, nothing else is read.</summary>
    public sealed record Watermark(long Incidents, long IncidentsMaxId, long IncidentsUpdated, long Items, long ItemsMaxId, long ItemVersions,
        long Lines, long LinesMaxId, long LinesLength)
    {
        /// <summary>Whether the incidents table itself is as it was (count, largest id, latest updatedAt).</summary>
        public bool SameIncidentRows(Watermark other) =>
            (Incidents, IncidentsMaxId, IncidentsUpdated) == (other.Incidents, other.IncidentsMaxId, other.IncidentsUpdated);

        internal static async Task<Watermark> ReadAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
        {
            // One group or none (an empty table), read as a list as CandidateIndex does.
            var incidents = (await db.Incidents.GroupBy(_ => 1)
                .Select(g => new { Count = g.Count(), MaxId = g.Max(i => i.Id), Updated = g.Max(i => i.UpdatedAt) })
                .ToListAsync(cancellationToken)).SingleOrDefault();
            var items = (await db.ActionItems.GroupBy(_ => 1)
                .Select(g => new { Count = g.Count(), MaxId = g.Max(i => i.Id), Versions = g.Sum(i => i.Version) })
                .ToListAsync(cancellationToken)).SingleOrDefault();
            var lines = (await db.TimelineEntries.GroupBy(_ => 1)
                .Select(g => new { Count = g.Count(), MaxId = g.Max(t => t.Id), Length = g.Sum(t => (long)t.Text.Length) })
                .ToListAsync(cancellationToken)).SingleOrDefault();
            return new Watermark(incidents?.Count ?? 0, incidents?.MaxId ?? 0, incidents?.Updated.UtcTicks ?? 0,
                items?.Count ?? 0, items?.MaxId ?? 0, items?.Versions ?? 0, lines?.Count ?? 0, lines?.MaxId ?? 0, lines?.Length ?? 0);
        }
    }
}
