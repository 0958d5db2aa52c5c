namespace ActionItems.Sync.GitHub;

/// <summary>
/// A GitHub REST request as a route template for the <c>method</c> label of the tracker call metrics, e.g.
/// <c>GET /repos/{owner}/{repo}/issues/{number}</c>: numbers, owners, repositories, logins and label names become
/// placeholders, so the label has a few dozen values however many issues are synced. A GitHub Enterprise prefix
/// (<c>/api/v3</c>) is dropped: the route is read from its first known root segment.
/// </summary>
public static class GitHubRoutes
{
    /// <summary>Where a route starts.</summary>
    private static readonly HashSet<string> Roots = new(StringComparer.Ordinal) { "repos", "repositories", "user", "users", "search", "rate_limit", "orgs" };

    /// <summary>The fixed words of the routes the connector calls; any other segment is a name (a label, a login).</summary>
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "issues", "comments", "labels", "events", "timeline", "assignees", "milestones", "reactions", "lock", "sub_issues",
        "collaborators", "permission", "members", "projects",
    };

    public static string Template(HttpMethod method, Uri? uri)
    {
        var segments = uri is null ? [] : uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var start = Array.FindIndex(segments, Roots.Contains);
        if (start < 0)
        {
            return $"{method.Method} {{other}}";
        }
        var template = new List<string>();
        for (var i = start; i < segments.Length; i++)
        {
            var segment = segments[i];
            var previous = i > start ? segments[i - 1] : null;
            var beforePrevious = i > start + 1 ? segments[i - 2] : null;
            template.Add(
                i == start ? segment
                : previous == "repos" && i == start + 1 ? "{owner}"
                : beforePrevious == "repos" && i == start + 2 ? "{repo}"
                : previous is "users" or "orgs" ? "{login}"
                : segment.All(char.IsAsciiDigit) ? "{number}"
                : Words.Contains(segment) ? segment
                : "{name}");
        }
        return $"{method.Method} /{string.Join('/', template)}";
    }
}
