namespace ActionItems.Core.Domain;

/// <summary>
/// An API token. Only a SHA-256 hash of the secret is stored: the secret is shown once, at creation.
/// (The secret is 256 random bits, so a fast hash is enough; there is nothing to brute-force.)
/// </summary>
public class ApiToken
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary><c>viewer</c>, <c>triager</c> or <c>admin</c>.</summary>
    public required string Role { get; set; }

    public required string SecretHash { get; set; }

    /// <summary>The first characters of the secret, so people can tell their tokens apart in lists.</summary>
    public required string Prefix { get; set; }

    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
