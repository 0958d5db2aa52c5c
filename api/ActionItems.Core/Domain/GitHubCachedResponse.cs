namespace ActionItems.Core.Domain;

/// <summary>
/// The last answer GitHub gave to one GET of one target, with its ETag, so the next identical GET — also after a
/// restart, or in another process — is sent with <c>If-None-Match</c> and an unchanged resource costs a 304, which
/// GitHub does not charge to the rate limit.
/// </summary>
public class GitHubCachedResponse
{
    /// <summary>The target's configured name (tokens differ per target, so answers are never shared between targets).</summary>
    public required string TargetName { get; set; }

    /// <summary>SHA-256 (hex) of the absolute request URL: a fixed-size key for URLs of any length.</summary>
    public required string RequestKey { get; set; }

    /// <summary>The absolute request URL, for looking back in SQL.</summary>
    public required string Url { get; set; }

    public required string ETag { get; set; }

    public int StatusCode { get; set; }

    public string? ContentType { get; set; }

    /// <summary>The answer's headers as a JSON object (Octokit reads <c>Link</c>, <c>ETag</c> and the rate limits from them).</summary>
    public required string Headers { get; set; }

    /// <summary>The answer's body as received (JSON text).</summary>
    public required string Body { get; set; }

    /// <summary>When the answer was stored; the oldest rows of a target beyond its limit are deleted first.</summary>
    public DateTimeOffset StoredAt { get; set; }
}
