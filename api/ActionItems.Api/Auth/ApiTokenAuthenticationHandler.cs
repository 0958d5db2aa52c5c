using System.Text.Encodings.Web;
using ActionItems.Core.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Auth;

/// <summary><c>Authorization: Bearer ai_…</c> → a principal with the token's role (and the roles it includes).</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens,
    IMemoryCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>
    /// Valid tokens are remembered this long, so a request does not cost a database round trip; a token
    /// revoked from another process stops working within this time.
    /// </summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } secret || !secret.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var key = ("api-token", ApiTokens.Hash(secret));
        if (!cache.TryGetValue(key, out ApiToken? token))
        {
            token = await tokens.FindAsync(secret, Context.RequestAborted);
            if (token is null)
            {
                return AuthenticateResult.Fail("unknown or revoked API token");
            }
            cache.Set(key, token, CacheDuration);
        }
        var principal = Roles.Principal("token:" + token!.Name, token.Role, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
