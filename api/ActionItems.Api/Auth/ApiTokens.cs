using System.Security.Cryptography;
using System.Text;
using ActionItems.Application;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.Auth;

/// <summary>Creates, finds and revokes API tokens. Secrets leave this class once, in the creation result.</summary>
public sealed class ApiTokens(ActionItemsDbContext db, TimeProvider clock)
{
    public const string SecretPrefix = "ai_";

    public sealed record Created(ApiToken Token, string Secret);

    public async Task<Created> CreateAsync(string name, string role, string? createdBy, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("a token needs a name of 1 to 100 characters");
        }
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"unknown role '{role}' (expected viewer, triager or admin)");
        }
        if (await db.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken))
        {
            throw new ArgumentException($"a token named '{name}' already exists");
        }
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Name = name,
            Role = role,
            SecretHash = Hash(secret),
            Prefix = secret[..PrefixLength],
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(token, secret);
    }

    /// <summary>The live token with this secret, or null (unknown, revoked or malformed).</summary>
    public async Task<ApiToken?> FindAsync(string secret, CancellationToken cancellationToken) =>
        (await LookUpAsync(secret, cancellationToken)).Live;

    /// <summary>
    /// What a presented secret is — live, revoked, unknown or malformed — from one query by its hash (the unique
    /// index) whatever the answer: a refused secret costs no more SQL than an accepted one, and the refusal's
    /// reason comes from the same row.
    /// </summary>
    public async Task<SecretLookup> LookUpAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > MaxSecretLength)
        {
            return new SecretLookup(SecretStatus.Malformed, null, secret);
        }
        var hash = Hash(secret);
        var token = await db.ApiTokens.AsNoTracking().TagWith(AuthenticationTag)
            .FirstOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        var status = token switch
        {
            null => SecretStatus.Unknown,
            { RevokedAt: not null } => SecretStatus.Revoked,
            _ => SecretStatus.Live,
        };
        return new SecretLookup(status, token, secret);
    }

    /// <summary>Longer secrets are refused without a query (ours are 46 characters).</summary>
    private const int MaxSecretLength = 200;

    /// <summary>
    /// Marks a token (as <see cref="FindAsync"/> returned it) used now, unless that was recorded less than
    /// <see cref="LastUseResolution"/> ago: busy tokens cost one small write a minute, not one per request.
    /// The condition is repeated in SQL so concurrent requests and processes do not all write.
    /// </summary>
    public async Task RecordUseAsync(ApiToken token, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - LastUseResolution;
        if (token.LastUsedAt is { } last && last > staleBefore)
        {
            return;
        }
        await db.ApiTokens.TagWith(AuthenticationTag)
            .Where(t => t.Id == token.Id && (t.LastUsedAt == null || t.LastUsedAt <= staleBefore))
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
    }

    /// <summary>How precisely <c>token list</c> shows when a token was last used.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    /// <summary>Tags the SQL of authentication, so tests can tell it from the SQL of the request itself.</summary>
    public const string AuthenticationTag = "actionitems:authentication";

    /// <summary>The token with this name (names are unique), live or revoked, or null.</summary>
    public Task<ApiToken?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);

    /// <summary>
    /// Revokes the token with this id (the <c>revokeApiToken</c> mutation and <c>token revoke</c>, which finds the id
    /// by name with <see cref="FindByNameAsync"/>). An unknown id is NOT_FOUND and a token
    /// revoked before is VALIDATION; neither changes anything (the first revocation's time stays).
    /// </summary>
    public async Task<Result<ApiToken>> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (token is null)
        {
            return Result<ApiToken>.Fail(ErrorKind.NotFound, $"No API token has id {id}.", "id");
        }
        if (token.RevokedAt is { } revokedAt)
        {
            return Result<ApiToken>.Fail(ErrorKind.Validation,
                $"The API token '{token.Name}' was revoked already, at {revokedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.", "id");
        }
        token.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Result<ApiToken>.Ok(token);
    }

    /// <summary>How many leading characters of a secret are kept (<see cref="ApiToken.Prefix"/>).</summary>
    public const int PrefixLength = 10;

    /// <summary>The leading characters of a secret that <c>token list</c> shows; safe to log.</summary>
    internal static string PrefixOf(string secret) => secret[..Math.Min(secret.Length, PrefixLength)];

    public Task<List<ApiToken>> ListAsync(CancellationToken cancellationToken) =>
        db.ApiTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync(cancellationToken);

    public Task<bool> AnyAsync(CancellationToken cancellationToken) => db.ApiTokens.AnyAsync(cancellationToken);

    internal static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
