using System.Text.RegularExpressions;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// The footer we append to the descriptions of tasks we create, carrying the item's sync key so a
/// retried create can find the task it may already have made (docs/sync.md, crash-safe create).
/// Remarkup has no hidden comments, so it is a short visible footer after a rule:
/// <code>
/// ---
/// //Synced with ActionItems (actionitems:sync-key=3f2a…)//
/// </code>
/// What we report as the description never contains it; an update re-appends it.
/// </summary>
public static partial class SyncKeyMarker
{
    [GeneratedRegex(@"(?:\r?\n)*(?:^-{3,}[ \t]*\r?\n)?^[^\n]*actionitems:sync-key=(?<key>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})[^\n]*(?:\r?\n)?", RegexOptions.Multiline)]
    private static partial Regex MarkerBlock();

    public static string Block(Guid syncKey) => $"---\n//Synced with ActionItems (actionitems:sync-key={syncKey:D})//";

    /// <summary>The description with the marker block at its end (replacing any marker it had).</summary>
    public static string Append(string? description, Guid syncKey)
    {
        var text = Strip(description);
        return text.Length == 0 ? Block(syncKey) : $"{text}\n\n{Block(syncKey)}";
    }

    /// <summary>The description without our marker block; text without a marker comes back unchanged.</summary>
    public static string Strip(string? description) =>
        description is null ? ""
        : MarkerBlock().IsMatch(description)
            // Someone may have written below the marker: keep that text as its own paragraph.
            ? MarkerBlock().Replace(description, m => m.Index + m.Length >= description.Length || m.Index == 0 ? "" : "\n\n").TrimEnd()
            : description;

    public static Guid? Find(string? description) =>
        description is not null && MarkerBlock().Match(description) is { Success: true } m && Guid.TryParse(m.Groups["key"].Value, out var key)
            ? key
            : null;
}
