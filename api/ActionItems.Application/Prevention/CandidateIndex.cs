using System.Diagnostics;
using System.Runtime.InteropServices;
using ActionItems.Application.Stats;
using ActionItems.Core;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Every action item as a prevention candidate, kept in memory for the life of the process (docs/prevention.md, "The
/// candidate index"): its incident, archival, opening and resolution instants and status rows (for the open-at rule),
/// and its text tokenised once into a <see cref="RankingIndex"/>. A request older than its maximum age since the
/// last refresh reads a cheap watermark of the tables the index is made of and reloads only what changed, so writes by
/// any process (another api replica, a worker, a one-shot import, this one) are seen within that age. One request at a
/// time uses it; requests waiting behind a refresh find the index fresh and share it.
/// </summary>
public sealed class CandidateIndex(TimeSpan maxAge, TimeProvider clock) : WatermarkedIndex<CandidateIndex.Watermark>(maxAge, clock)
{
    public const string MaxAgeKey = "Prevention:IndexMaxAge";

    /// <summary>A reviewer reads the candidates of a past incident: a change a few seconds late changes nothing for them.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(5);

    /// <summary>Longer would let an index lag behind a triage session by more than a reviewer would expect.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromHours(1);

    /// <summary>Ids per query when changed items are reloaded: below both providers' bind-parameter limits.</summary>
    private const int ReloadBatch = 500;

    private readonly Dictionary<long, Candidate> _items = [];

    /// <summary>Each slot's candidate, null once retired: the pool is marked by one pass over an array, not a dictionary.</summary>
    private List<Candidate?> _bySlot = [];

    /// <summary>The pool mask, reused from request to request (every slot is written each time).</summary>
    private bool[] _pool = [];
    private readonly Dictionary<long, string> _incidentTitles = [];
    private Dictionary<long, IReadOnlyList<string>> _linkedReferences = [];
    private RankingIndex _ranking = new();

    /// <exception cref="ConfigurationErrorException"><see cref="MaxAgeKey"/> is set but not a duration within bounds.</exception>
    public static TimeSpan MaxAgeFromConfiguration(IConfiguration configuration) =>
        ConfiguredDuration.Read(MaxAgeKey, configuration[MaxAgeKey], DefaultMaxAge, TimeSpan.Zero, LongestMaxAge,
            "a duration from 00:00:00 (refresh on every request) to 01:00:00 (hh:mm:ss, e.g. 00:00:05)");

    /// <summary>How long the last ranking took in memory: marking the pool and scoring it (the bench reports it).</summary>
    public TimeSpan LastRanking { get; private set; }

    /// <summary>Of <see cref="LastRanking"/>, marking the pool (the open-at rule over every candidate).</summary>
    public TimeSpan LastPoolMarking { get; private set; }

    /// <summary>
    /// The <paramref name="first"/> best candidates for an incident: items of other incidents, not archived, open at
    /// <paramref name="start"/> by their status history, ranked by BM25 with IDF over exactly that pool.
    /// </summary>
    public Task<IReadOnlyList<RankedDocument>> RankAsync(ActionItemsDbContext db, RankingQuery query, long incidentId,
        DateTimeOffset start, int first, CancellationToken cancellationToken) =>
        UseAsync(db, () => Task.FromResult(Rank(query, incidentId, start, first)), cancellationToken);

    private IReadOnlyList<RankedDocument> Rank(RankingQuery query, long incidentId, DateTimeOffset start, int first)
    {
        var ranking = Stopwatch.StartNew();
        if (_pool.Length < _bySlot.Count)
        {
            _pool = new bool[Math.Max(_bySlot.Count, _pool.Length * 5 / 4)];
        }
        var candidates = CollectionsMarshal.AsSpan(_bySlot);
        for (var slot = 0; slot < candidates.Length; slot++)
        {
            _pool[slot] = candidates[slot] is { } item && item.IncidentId != incidentId && !item.Archived && item.WasOpenAt(start);
        }
        LastPoolMarking = ranking.Elapsed;
        var ranked = Bm25.Rank(query, _ranking, _pool, first);
        LastRanking = ranking.Elapsed;
        return ranked;
    }

    protected override Task<Watermark> ReadWatermarkAsync(ActionItemsDbContext db, CancellationToken cancellationToken) =>
        Watermark.ReadAsync(db, cancellationToken);

    /// <summary>Retired slots are replaced documents whose postings stay behind; once they outnumber the live ones, start afresh.</summary>
    protected override bool WorthRebuilding => _ranking.RetiredCount > _items.Count;

    /// <summary>
    /// Only what moved: items by their (id, version) pairs, status rows added since (or, when their count does not add
    /// up, all of them), links and incident titles; the items they concern are read again. Applied in steps (items
    /// dropped, links replaced, items reloaded): a refresh that fails half way makes the next one rebuild.
    /// </summary>
    protected override async Task<bool> ApplyChangesAsync(ActionItemsDbContext db, Watermark seen, Watermark now,
        CancellationToken cancellationToken)
    {
        var changed = new HashSet<long>();
        if (now.Items != seen.Items)
        {
            var versions = await db.ActionItems.AsNoTracking().Select(i => new { i.Id, i.Version }).ToListAsync(cancellationToken);
            var present = new HashSet<long>(versions.Count);
            foreach (var row in versions)
            {
                present.Add(row.Id);
                if (!_items.TryGetValue(row.Id, out var known) || known.Version != row.Version)
                {
                    changed.Add(row.Id);
                }
            }
            foreach (var gone in _items.Keys.Where(id => !present.Contains(id)).ToList())
            {
                Remove(gone);
            }
        }
        if (now.StatusRows != seen.StatusRows)
        {
            // Rows added since (a status change, a history backfill): reload their items.
            var lastSeenId = seen.StatusRows.MaxId;
            var added = await db.ActionItemHistory.AsNoTracking()
                .Where(h => h.Field == HistoryFields.Status && h.Id > lastSeenId && h.Id <= now.StatusRows.MaxId)
                .Select(h => h.ActionItemId).ToListAsync(cancellationToken);
            if (seen.StatusRows.Count + added.Count == now.StatusRows.Count)
            {
                changed.UnionWith(added);
            }
            else if (!await FindStatusRowsOutOfOrderAsync(db, changed, cancellationToken))
            {
                return false;
            }
        }
        if (now.Links != seen.Links)
        {
            var references = await LinkedReferencesAsync(db, cancellationToken);
            foreach (var id in references.Keys.Union(_linkedReferences.Keys))
            {
                if (!references.GetValueOrDefault(id, []).SequenceEqual(_linkedReferences.GetValueOrDefault(id, [])))
                {
                    changed.Add(id);
                }
            }
            _linkedReferences = references;
        }
        if (now.Incidents != seen.Incidents)
        {
            var titles = await db.Incidents.AsNoTracking().Select(i => new { i.Id, i.Title }).ToListAsync(cancellationToken);
            var retitled = new HashSet<long>();
            foreach (var incident in titles)
            {
                // A new incident counts too: its items may have been read before its title was (a commit between reads).
                if (!_incidentTitles.TryGetValue(incident.Id, out var known) || known != incident.Title)
                {
                    retitled.Add(incident.Id);
                }
                _incidentTitles[incident.Id] = incident.Title;
            }
            changed.UnionWith(_items.Values.Where(i => retitled.Contains(i.IncidentId)).Select(i => i.Id));
        }
        foreach (var batch in changed.Chunk(ReloadBatch))
        {
            var loaded = await LoadAsync(db, db.ActionItems.Where(i => batch.Contains(i.Id)),
                db.ActionItemHistory.Where(h => batch.Contains(h.ActionItemId)), cancellationToken);
            // Asked for and not read: deleted since.
            foreach (var vanished in batch.Where(id => !loaded.Contains(id) && _items.ContainsKey(id)))
            {
                Remove(vanished);
            }
        }
        return true;
    }

    /// <summary>
    /// The count does not add up: rows were committed below the last id seen (ids are handed out at insert, so an
    /// import's transaction on PostgreSQL commits its status rows below those another process committed meanwhile), or
    /// rows were deleted. Every status row's (id, item) is read, as the items' (id, version) pairs are, and the items
    /// owning rows the index does not hold are added to <paramref name="changed"/>; false when a row it holds is gone,
    /// which only a rebuild follows.
    /// </summary>
    private async Task<bool> FindStatusRowsOutOfOrderAsync(ActionItemsDbContext db, HashSet<long> changed,
        CancellationToken cancellationToken)
    {
        var held = new HashSet<long>(_items.Values.SelectMany(c => c.StatusRowIds));
        var rows = await db.ActionItemHistory.AsNoTracking().Where(h => h.Field == HistoryFields.Status)
            .Select(h => new { h.Id, h.ActionItemId }).ToListAsync(cancellationToken);
        var heldPresent = 0;
        foreach (var row in rows)
        {
            if (held.Contains(row.Id))
            {
                heldPresent++;
            }
            else
            {
                changed.Add(row.ActionItemId);
            }
        }
        return heldPresent == held.Count;
    }

    protected override async Task BuildAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        _items.Clear();
        _bySlot = [];
        _incidentTitles.Clear();
        _ranking = new RankingIndex();
        foreach (var incident in await db.Incidents.AsNoTracking().Select(i => new { i.Id, i.Title }).ToListAsync(cancellationToken))
        {
            _incidentTitles[incident.Id] = incident.Title;
        }
        _linkedReferences = await LinkedReferencesAsync(db, cancellationToken);
        await LoadAsync(db, db.ActionItems, db.ActionItemHistory, cancellationToken);
    }

    /// <summary>Reads the items (and their status rows) and replaces what the index holds of each; returns the ids read.</summary>
    private async Task<HashSet<long>> LoadAsync(ActionItemsDbContext db, IQueryable<ActionItem> items, IQueryable<ActionItemHistory> history,
        CancellationToken cancellationToken)
    {
        var statusRows = (await history.AsNoTracking().Where(h => h.Field == HistoryFields.Status)
                .Select(h => new { h.ActionItemId, h.Id, h.At, h.NewValue }).ToListAsync(cancellationToken))
            .ToLookup(h => h.ActionItemId, h => new ActionItemFilter.StatusRow(h.Id, h.At, h.NewValue));
        var rows = await items.AsNoTracking()
            .Select(i => new
            {
                i.Id, i.IncidentId, i.Version, Archived = i.ArchivedAt != null, i.OpenedAt, i.ResolvedAt, i.Title,
                Description = i.Description == null ? null : i.Description.Substring(0, Bm25.DescriptionCharacters),
                i.Tags, i.ReferencedTasks,
            })
            .ToListAsync(cancellationToken);
        var loaded = new HashSet<long>(rows.Count);
        foreach (var row in rows)
        {
            if (_items.TryGetValue(row.Id, out var previous))
            {
                Retire(previous);
            }
            var document = new RankingDocument(row.Id, row.Title, row.Description, row.Tags, _incidentTitles.GetValueOrDefault(row.IncidentId))
            {
                References = ReferenceTerms(row.Id, row.IncidentId, row.ReferencedTasks),
            };
            var candidate = new Candidate(row.Id, row.IncidentId, row.Version, row.Archived, row.OpenedAt, row.ResolvedAt,
                statusRows[row.Id], _ranking.Add(document));
            // Slots are handed out in order, so the new slot is the next index of the list.
            _bySlot.Add(candidate);
            _items[row.Id] = candidate;
            loaded.Add(row.Id);
        }
        return loaded;
    }

    private void Remove(long id)
    {
        Retire(_items[id]);
        _items.Remove(id);
    }

    private void Retire(Candidate candidate)
    {
        _ranking.Retire(candidate.Slot);
        _bySlot[candidate.Slot] = null;
    }

    /// <summary>
    /// The item's reference terms, the one place <see cref="RankingDocument.References"/> is filled for candidates: its
    /// linked tracker tasks, the tasks its text referenced (also those the import linked to another item: one task, one
    /// item), and its incident's term, which only a query whose postmortem names that incident carries
    /// (<see cref="RankingQuery.NamedIncidentTerm"/>). The references its title and description name are found by
    /// <see cref="Bm25"/> itself.
    /// </summary>
    private IReadOnlyList<string> ReferenceTerms(long itemId, long incidentId, IEnumerable<string> referencedTasks) =>
        [.. _linkedReferences.GetValueOrDefault(itemId, [])
            .Concat(referencedTasks.Select(TextTerms.ReferenceOfRemoteId).OfType<string>())
            .Append(RankingQuery.NamedIncidentTerm(incidentId))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Each item's tracker links as reference terms (<see cref="TextTerms.ReferenceOfRemoteId"/>), in a stable order.</summary>
    private static async Task<Dictionary<long, IReadOnlyList<string>>> LinkedReferencesAsync(ActionItemsDbContext db,
        CancellationToken cancellationToken)
    {
        var links = await db.TrackerLinks.AsNoTracking().Where(l => l.RemoteId != null)
            .Select(l => new { l.ActionItemId, l.RemoteId }).ToListAsync(cancellationToken);
        return links
            .Select(l => (l.ActionItemId, Reference: TextTerms.ReferenceOfRemoteId(l.RemoteId)))
            .Where(l => l.Reference is not null)
            .GroupBy(l => l.ActionItemId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(l => l.Reference!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    private sealed class Candidate
    {
        /// <summary>Status rows latest first in the order <see cref="ActionItemFilter.OpenAtInstant"/> reads them.</summary>
        private readonly ActionItemFilter.StatusRow[] _statusRows;

        public Candidate(long id, long incidentId, long version, bool archived, DateTimeOffset openedAt, DateTimeOffset? resolvedAt,
            IEnumerable<ActionItemFilter.StatusRow> statusRows, int slot)
        {
            Id = id;
            IncidentId = incidentId;
            Version = version;
            Archived = archived;
            OpenedAt = openedAt;
            ResolvedAt = resolvedAt;
            _statusRows = ActionItemFilter.LatestStatusFirst(statusRows, openedAt);
            Slot = slot;
        }

        public long Id { get; }
        public long IncidentId { get; }
        public long Version { get; }
        public bool Archived { get; }
        public DateTimeOffset OpenedAt { get; }
        public DateTimeOffset? ResolvedAt { get; }
        public int Slot { get; }

        public IEnumerable<long> StatusRowIds => _statusRows.Select(r => r.Id);

        /// <summary>
        /// The candidate pool's rule, as the SQL it replaces: opened by then and not resolved before (the column check
        /// that spared the history look-up), and open by the status history (<see cref="ActionItemFilter.OpenAtInstant"/>).
        /// </summary>
        public bool WasOpenAt(DateTimeOffset start) =>
            OpenedAt <= start && (ResolvedAt == null || ResolvedAt > start) &&
            ActionItemFilter.WasOpenAt(OpenedAt, ResolvedAt, _statusRows, start);
    }

    /// <summary>
    /// What the index is made of, summed up cheaply: a count, the largest id and a sum that moves on every change of
    /// each table. Item versions grow on every saved change of an item (ActionItemsDbContext), so their sum moves on
    /// any edit of title, description, tags, archival, status or dates; links add their remote ids (filled in after the
    /// task is created, or renamed); incidents their latest update (an import that retitles one sets it).
    /// </summary>
    public sealed record Watermark(Watermark.Table Items, Watermark.Table StatusRows, Watermark.Table Links, Watermark.Table Incidents)
    {
        public readonly record struct Table(long Count, long MaxId, long Sum);

        internal static async Task<Watermark> ReadAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
        {
            // One group or none (an empty table): read as a list, as FirstOrDefault without an order makes EF Core
            // log a warning on every read.
            var items = (await db.ActionItems.GroupBy(_ => 1)
                .Select(g => new Table(g.Count(), g.Max(i => i.Id), g.Sum(i => i.Version)))
                .ToListAsync(cancellationToken)).SingleOrDefault();
            var statusRows = (await db.ActionItemHistory.Where(h => h.Field == HistoryFields.Status).GroupBy(_ => 1)
                .Select(g => new Table(g.Count(), g.Max(h => h.Id), 0))
                .ToListAsync(cancellationToken)).SingleOrDefault();
            var links = (await db.TrackerLinks.GroupBy(_ => 1)
                .Select(g => new Table(g.Count(), g.Max(l => l.Id), g.Sum(l => l.RemoteId == null ? 0L : l.RemoteId.Length + 1L)))
                .ToListAsync(cancellationToken)).SingleOrDefault();
            var incidents = (await db.Incidents.GroupBy(_ => 1)
                .Select(g => new { Count = g.Count(), MaxId = g.Max(i => i.Id), Updated = g.Max(i => i.UpdatedAt) })
                .ToListAsync(cancellationToken)).SingleOrDefault();
            return new Watermark(items, statusRows, links,
                incidents is null ? default : new Table(incidents.Count, incidents.MaxId, incidents.Updated.UtcTicks));
        }
    }
}
