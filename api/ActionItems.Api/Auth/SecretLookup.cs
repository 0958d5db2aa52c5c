using ActionItems.Core.Domain;

namespace ActionItems.Api.Auth;

public enum SecretStatus
{
    Live,
    Revoked,
    Unknown,
    Malformed,
}

/// <summary>What <see cref="ApiTokens.LookUpAsync"/> found for a presented secret. Never keeps the secret itself.</summary>
public sealed class SecretLookup
{
    public SecretLookup(SecretStatus status, ApiToken? token, string secret)
    {
        Status = status;
        Token = token;
        SecretLength = secret.Length;
        Prefix = ApiTokens.PrefixOf(secret);
    }

    public SecretStatus Status { get; }

    /// <summary>The stored token (live or revoked), or null for an unknown or malformed secret.</summary>
    public ApiToken? Token { get; }

    /// <summary>The token that authenticates, or null.</summary>
    public ApiToken? Live => Status == SecretStatus.Live ? Token : null;

    /// <summary>
    /// The secret's first <see cref="ApiTokens.PrefixLength"/> characters: what <c>token list</c> shows for a known
    /// token, and for an unknown one too few characters to help anyone guess the rest.
    /// </summary>
    public string Prefix { get; }

    private int SecretLength { get; }

    /// <summary>Why the secret did not authenticate, for the log: never the secret, at most its prefix or the token's id and name.</summary>
    public string RefusalReason => Status switch
    {
        SecretStatus.Malformed => $"malformed API token ({SecretLength} characters)",
        SecretStatus.Revoked => $"revoked API token id {Token!.Id} '{Token.Name}' (revoked {Token.RevokedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm}Z)",
        SecretStatus.Unknown => $"unknown API token (prefix {Prefix})",
        _ => "accepted",
    };
}
