namespace ActionItems.Core.Import;

/// <summary>An item already stored for the incident, as the matcher sees it.</summary>
public sealed record StoredActionable(long Id, string? SourceText, int Ordinal, IReadOnlyCollection<string> TaskKeys);

/// <summary>A freshly extracted item, as the matcher sees it.</summary>
public sealed record IncomingActionable(int Ordinal, string Title, IReadOnlyCollection<string> TaskKeys);

/// <summary>
/// Pairs re-imported items with stored ones (docs/architecture.md, the path of one postmortem): first by shared task reference, then by
/// text similarity (ordinal breaks ties). Each stored item is used at most once; what stays unpaired
/// is new (incoming) or vanished (stored).
/// </summary>
public static class ActionableMatcher
{
    /// <summary>Below this word overlap two texts are different items, whatever their position.</summary>
    public const double MinimumSimilarity = 0.5;

    /// <returns>For each incoming ordinal, the id of the stored item it continues (absent = new).</returns>
    public static IReadOnlyDictionary<int, long> Match(IReadOnlyList<StoredActionable> stored, IReadOnlyList<IncomingActionable> incoming)
    {
        var result = new Dictionary<int, long>();
        var used = new HashSet<long>();

        // 1. A shared task reference is the strongest evidence: the same task is the same item.
        foreach (var item in incoming.Where(i => i.TaskKeys.Count > 0))
        {
            var match = stored.Where(s => !used.Contains(s.Id) && s.TaskKeys.Overlaps(item.TaskKeys))
                .OrderByDescending(s => TextSimilarity.Dice(s.SourceText, item.Title))
                .FirstOrDefault();
            if (match is not null)
            {
                result[item.Ordinal] = match.Id;
                used.Add(match.Id);
            }
        }

        // 2. Then text: greedily take the most similar remaining pairs, nearest ordinal first on ties.
        var candidates =
            from item in incoming
            where !result.ContainsKey(item.Ordinal)
            from s in stored
            where !used.Contains(s.Id)
            let similarity = TextSimilarity.Dice(s.SourceText, item.Title)
            where similarity >= MinimumSimilarity
            orderby similarity descending, Math.Abs(s.Ordinal - item.Ordinal), item.Ordinal
            select (item.Ordinal, s.Id);
        foreach (var (ordinal, id) in candidates.ToList())
        {
            if (!result.ContainsKey(ordinal) && used.Add(id))
            {
                result[ordinal] = id;
            }
        }
        return result;
    }

    private static bool Overlaps(this IReadOnlyCollection<string> keys, IReadOnlyCollection<string> other) =>
        keys.Any(k => other.Contains(k, StringComparer.OrdinalIgnoreCase));
}
