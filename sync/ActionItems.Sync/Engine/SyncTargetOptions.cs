using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// One configured tracker, bound from <c>Sync:Targets:N</c>. The token comes from configuration
/// (an environment variable in production) and is never logged or stored in the database.
/// </summary>
public sealed class SyncTargetOptions
{
    public const string Section = "Sync:Targets";

    public TrackerKind Kind { get; set; }
    public string Name { get; set; } = "";
    public string BaseUrl { get; set; } = "";
    public string? Token { get; set; }
    public string? WebhookSecret { get; set; }

    /// <summary>Phabricator project slugs / GitHub labels added to created objects; tags mirrored both ways are limited to these.</summary>
    public List<string> ProjectTags { get; set; } = [];

    /// <summary><c>None</c>, <c>NewItems</c> or <c>NewItemsWithTag:&lt;tag&gt;</c>.</summary>
    public string PushPolicy { get; set; } = "None";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Remote status key → local status. Unset keys use the defaults in docs/sync.md.</summary>
    public Dictionary<string, ActionItemStatus> StatusMap { get; set; } = [];

    /// <summary>Remote priority keyword → local priority. Unset keywords use the defaults.</summary>
    public Dictionary<string, Priority> PriorityMap { get; set; } = [];

    /// <summary>Who wins when both sides changed a field differently (the loser is kept in a conflict either way).</summary>
    public ConflictPolicy ConflictPolicy { get; set; } = ConflictPolicy.NewestChangeWins;

    /// <summary>GitHub only: <c>owner/repo</c> new issues go to.</summary>
    public string? Repository { get; set; }

    /// <summary>Redacted for logs and error messages.</summary>
    public override string ToString() => $"{Kind} target '{Name}' ({BaseUrl})";
}
