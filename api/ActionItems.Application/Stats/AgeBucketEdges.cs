using System.Globalization;

namespace ActionItems.Application.Stats;

/// <summary>
/// The edges (in days of age) that cut open items into age buckets: n edges make n + 1 buckets, [0, e1), [e1, e2), …,
/// [en, ∞). Checked here once so every caller (GraphQL, tests) refuses the same inputs with the same words.
/// </summary>
public static class AgeBucketEdges
{
    public const int MaxEdges = 20;

    /// <summary>A century: older than any postmortem, and far inside the dates an instant can hold.</summary>
    public const int MaxEdgeDays = 36_500;

    /// <summary>The dashboard's buckets: under a week, a month, a quarter, a year, and older.</summary>
    public static readonly IReadOnlyList<int> Default = [7, 30, 90, 365];

    /// <summary>Why <paramref name="edges"/> cannot cut buckets, or null when they can (null edges mean the default).</summary>
    public static UseCaseError? Check(IReadOnlyList<int>? edges, string argument = "edgesDays")
    {
        if (edges is null)
        {
            return null;
        }
        if (edges.Count == 0 || edges.Count > MaxEdges)
        {
            return new UseCaseError(ErrorKind.Validation,
                $"'{argument}' needs between 1 and {MaxEdges} edges (it has {edges.Count}).", argument);
        }
        if (edges.Where(e => e is <= 0 or > MaxEdgeDays).Select(e => (int?)e).FirstOrDefault() is { } outside)
        {
            return new UseCaseError(ErrorKind.Validation,
                $"'{argument}' must be days between 1 and {MaxEdgeDays} ({outside} is not).", argument);
        }
        for (var i = 1; i < edges.Count; i++)
        {
            if (edges[i] <= edges[i - 1])
            {
                return new UseCaseError(ErrorKind.Validation,
                    $"'{argument}' must be strictly ascending ({edges[i]} follows {edges[i - 1]}).", argument);
            }
        }
        return null;
    }

    /// <summary>Empty buckets for <paramref name="edges"/>, labelled "under 7 days", "7–30 days", …, "over a year".</summary>
    public static List<AgeBucket> Buckets(IReadOnlyList<int> edges, IReadOnlyList<int> counts)
    {
        var buckets = new List<AgeBucket>(edges.Count + 1);
        for (var i = 0; i <= edges.Count; i++)
        {
            var min = i == 0 ? 0 : edges[i - 1];
            int? max = i == edges.Count ? null : edges[i];
            buckets.Add(new AgeBucket(Label(min, max), min, max, counts[i]));
        }
        return buckets;
    }

    private static string Label(int min, int? max) => (min, max) switch
    {
        (0, { } upper) => $"under {Days(upper)}",
        (365, null) => "over a year",
        (_, null) => $"over {Days(min)}",
        (_, { } upper) => string.Create(CultureInfo.InvariantCulture, $"{min}–{Days(upper)}"),
    };

    private static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");
}
