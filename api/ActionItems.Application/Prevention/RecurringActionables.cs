using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Near-duplicate actionables of different incidents: the same remediation idea written down again and again. The
/// representative is the title the cluster was grown from; <see cref="Items"/> is at most
/// <see cref="RecurringActionables.MaxItemsListed"/> of them (newest first), the counts are over all.
/// </summary>
public sealed record RecurringActionableCluster(
    string RepresentativeTitle,
    IReadOnlyList<string> Terms,
    IReadOnlyList<ActionItem> Items,
    int ItemCount,
    int IncidentCount,
    int OpenCount);

public sealed record FindRecurringActionables(int First = RecurringActionables.DefaultFirst, int MinIncidents = RecurringActionables.DefaultMinIncidents);

/// <summary>
/// Clusters actionables whose titles say the same thing (docs/prevention.md, "Recurring actionables"): each title is a
/// set of terms (<see cref="TextTerms"/>), two titles are near-duplicates when the Jaccard similarity of their sets is
/// at least <see cref="Threshold"/>, and clusters grow greedily around the titles with the most near-duplicates. The
/// work is bounded: at most <see cref="MaxItemsConsidered"/> items, identical term sets merged first, candidate pairs
/// only through prefix filtering with capped term buckets, so it is never a comparison of every pair.
/// </summary>
public sealed class RecurringActionables(ActionItemsDbContext db)
{
    public const int DefaultFirst = 20;
    public const int MaxFirst = 100;
    public const int DefaultMinIncidents = 2;
    public const int MaxMinIncidents = 1000;

    /// <summary>Two titles are near-duplicates at this Jaccard similarity of their term sets or above.</summary>
    public const double Threshold = 0.5;

    /// <summary>A title needs this many distinct terms: "Monitoring" alone says too little to be anyone's duplicate.</summary>
    public const int MinTerms = 2;

    /// <summary>The newest items (by id) that are clustered; older ones beyond this are not read.</summary>
    public const int MaxItemsConsidered = 50_000;

    /// <summary>
    /// A term already in this many distinct title sets' prefixes stops proposing pairs: a word that common
    /// ("add", "alert") would make the candidate pairs quadratic. Its sets still meet through their rarer terms.
    /// </summary>
    public const int MaxBucket = 500;

    /// <summary>How many items a cluster lists; its counts cover all of them.</summary>
    public const int MaxItemsListed = 100;

    public async Task<Result<IReadOnlyList<RecurringActionableCluster>>> FindAsync(FindRecurringActionables query, Actor actor,
        CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Viewer) is { } forbidden)
        {
            return forbidden;
        }
        if (query.First is < 1 or > MaxFirst)
        {
            return Result<IReadOnlyList<RecurringActionableCluster>>.Fail(ErrorKind.Validation,
                $"first must be between 1 and {MaxFirst}; it is {query.First}.", "first");
        }
        if (query.MinIncidents is < 2 or > MaxMinIncidents)
        {
            return Result<IReadOnlyList<RecurringActionableCluster>>.Fail(ErrorKind.Validation,
                $"minIncidents must be between 2 and {MaxMinIncidents}; it is {query.MinIncidents}: a cluster of one incident's items is no recurrence.",
                "minIncidents");
        }

        var rows = await db.ActionItems.AsNoTracking().Where(i => i.ArchivedAt == null)
            .OrderByDescending(i => i.Id).Take(MaxItemsConsidered)
            .Select(i => new { i.Id, i.IncidentId, i.Title, i.Status })
            .ToListAsync(cancellationToken);
        var titles = rows.Select(r => new TitleRow(r.Id, r.IncidentId, r.Title, r.Status.IsOpen())).ToList();
        var clusters = Cluster(titles, query.MinIncidents).Take(query.First).ToList();

        var ids = clusters.SelectMany(c => c.Rows.Take(MaxItemsListed).Select(r => r.Id)).ToList();
        var items = await db.ActionItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        return Result<IReadOnlyList<RecurringActionableCluster>>.Ok([.. clusters.Select(c => new RecurringActionableCluster(
            c.Representative, c.Terms, [.. c.Rows.Take(MaxItemsListed).Select(r => items[r.Id])],
            c.Rows.Count, c.Rows.Select(r => r.IncidentId).Distinct().Count(), c.Rows.Count(r => r.Open)))]);
    }

    public sealed record TitleRow(long Id, long IncidentId, string Title, bool Open);

    public sealed record Found(string Representative, IReadOnlyList<string> Terms, IReadOnlyList<TitleRow> Rows);

    /// <summary>
    /// The clusters of <paramref name="rows"/> that span at least <paramref name="minIncidents"/> incidents, most
    /// incidents first, then most open items, then most items. Rows in a cluster are newest first.
    /// </summary>
    public static IEnumerable<Found> Cluster(IReadOnlyList<TitleRow> rows, int minIncidents)
    {
        // 1. Identical term sets are one node: "Add monitoring" written 1,000 times costs one comparison, not 500,000.
        var nodes = new List<(string[] Terms, List<TitleRow> Rows)>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows.OrderByDescending(r => r.Id))
        {
            var terms = TextTerms.Of(row.Title).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (terms.Length < MinTerms)
            {
                continue;
            }
            var key = string.Join(' ', terms);
            if (!byKey.TryGetValue(key, out var n))
            {
                byKey[key] = n = nodes.Count;
                nodes.Add((terms, []));
            }
            nodes[n].Rows.Add(row);
        }

        // 2. Candidate pairs by prefix filtering: with terms ordered rarest first, two sets of Jaccard ≥ t share a term
        //    among the first |x| − ⌈t·|x|⌉ + 1 of either, so only those prefixes are indexed and probed.
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (terms, _) in nodes)
        {
            foreach (var term in terms)
            {
                frequency[term] = frequency.GetValueOrDefault(term) + 1;
            }
        }
        var ordered = nodes.Select(n => n.Terms.OrderBy(t => frequency[t]).ThenBy(t => t, StringComparer.Ordinal).ToArray()).ToList();
        var sets = nodes.Select(n => n.Terms.ToHashSet(StringComparer.Ordinal)).ToList();
        var neighbours = nodes.Select(_ => new List<int>()).ToList();
        var buckets = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var seen = new HashSet<int>();
        for (var x = 0; x < nodes.Count; x++)
        {
            var prefix = ordered[x].Length - (int)Math.Ceiling(Threshold * ordered[x].Length) + 1;
            seen.Clear();
            foreach (var term in ordered[x].Take(prefix))
            {
                if (!buckets.TryGetValue(term, out var bucket))
                {
                    buckets[term] = bucket = [];
                }
                if (bucket.Count >= MaxBucket)
                {
                    continue;
                }
                foreach (var y in bucket)
                {
                    if (seen.Add(y) && Jaccard(sets[x], sets[y]) >= Threshold)
                    {
                        neighbours[x].Add(y);
                        neighbours[y].Add(x);
                    }
                }
                bucket.Add(x);
            }
        }

        // 3. Greedy clusters: the node with the most near-duplicate items (its own rows included) is a seed and takes
        //    its unclustered neighbours; then the next. Joining only the seed's neighbours keeps a cluster from drifting
        //    through chains of "a bit like" into unrelated titles. Ties go to the oldest wording (rows are newest first).
        int Weight(int n) => nodes[n].Rows.Count + neighbours[n].Sum(m => nodes[m].Rows.Count);
        var taken = new bool[nodes.Count];
        var found = new List<Found>();
        foreach (var seed in Enumerable.Range(0, nodes.Count)
                     .OrderByDescending(Weight).ThenByDescending(n => nodes[n].Rows.Count).ThenBy(n => nodes[n].Rows[^1].Id))
        {
            if (taken[seed])
            {
                continue;
            }
            taken[seed] = true;
            var members = new List<TitleRow>(nodes[seed].Rows);
            foreach (var n in neighbours[seed].Where(n => !taken[n]))
            {
                taken[n] = true;
                members.AddRange(nodes[n].Rows);
            }
            if (members.Select(r => r.IncidentId).Distinct().Count() >= minIncidents)
            {
                var newestFirst = members.OrderByDescending(r => r.Id).ToList();
                var representative = nodes[seed].Rows.OrderBy(r => r.Id).First().Title;
                found.Add(new Found(representative, nodes[seed].Terms, newestFirst));
            }
        }
        return found
            .OrderByDescending(c => c.Rows.Select(r => r.IncidentId).Distinct().Count())
            .ThenByDescending(c => c.Rows.Count(r => r.Open))
            .ThenByDescending(c => c.Rows.Count)
            .ThenBy(c => c.Rows.Min(r => r.Id));
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }
}
