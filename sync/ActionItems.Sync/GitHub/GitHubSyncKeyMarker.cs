using System.Text.RegularExpressions;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// The hidden footer we append to the bodies of issues we create: an HTML comment GitHub does not render,
/// <c>&lt;!-- actionitems:sync-key=3f2a… --&gt;</c>, carrying the item's sync key so a retried create finds the
/// issue it may already have made (docs/sync.md, crash-safe create). What we report as the description never
/// contains it; an update re-appends it.
/// </summary>
public static partial class GitHubSyncKeyMarker
{
    [GeneratedRegex(@"(?:\r?\n)*<!--\s*actionitems:sync-key=(?<key>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s*-->[ \t]*(?:\r?\n)?")]
    private static partial Regex Marker();

    public static string Comment(Guid syncKey) => $"<!-- actionitems:sync-key={syncKey:D} -->";

    /// <summary>The body with the marker at its end (replacing any marker it had).</summary>
    public static string Append(string? description, Guid syncKey)
    {
        var text = Strip(description);
        return text.Length == 0 ? Comment(syncKey) : $"{text}\n\n{Comment(syncKey)}";
    }

    /// <summary>The body without our marker; text without one comes back unchanged (null as empty).</summary>
    public static string Strip(string? body) =>
        body is null ? ""
        : Marker().IsMatch(body)
            // Someone may have written below the marker: keep that text as its own paragraph.
            ? Marker().Replace(body, m => m.Index + m.Length >= body.Length || m.Index == 0 ? "" : "\n\n").TrimEnd()
            : body;

    public static Guid? Find(string? body) =>
        body is not null && Marker().Match(body) is { Success: true } m && Guid.TryParse(m.Groups["key"].Value, out var key) ? key : null;
}
