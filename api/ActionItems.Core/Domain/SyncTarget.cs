namespace ActionItems.Core.Domain;

/// <summary>
/// A configured tracker. Credentials are never stored: <see cref="CredentialKey"/> names the
/// configuration entry that holds the token.
/// </summary>
public class SyncTarget
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public TrackerKind Kind { get; set; }
    public required string BaseUrl { get; set; }
    public string? CredentialKey { get; set; }

    /// <summary>Phabricator project tags added to created tasks, or GitHub labels.</summary>
    public List<string> DefaultTags { get; set; } = [];

    /// <summary>GitHub <c>owner/repo</c> that new issues go to; null for Phabricator.</summary>
    public string? DefaultRepository { get; set; }

    /// <summary><c>None</c>, <c>NewItems</c> or <c>NewItemsWithTag:&lt;tag&gt;</c>.</summary>
    public string PushPolicy { get; set; } = "None";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);
    public string? PollCursor { get; set; }
    public DateTimeOffset? LastPollAt { get; set; }
    public DateTimeOffset? LastSuccessfulPollAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? RateLimitedUntil { get; set; }

    /// <summary>
    /// Set by an error that every call to this target would repeat (bad token, wrong URL): polls and
    /// pushes stop, so a broken configuration never causes a retry storm. Cleared when the configuration
    /// is applied again at start.
    /// </summary>
    public DateTimeOffset? HaltedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
