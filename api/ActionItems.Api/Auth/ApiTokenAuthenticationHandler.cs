using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Auth;

/// <summary><c>Authorization: Bearer ai_…</c> → a principal with the token's role (and the roles it includes).</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } secret || !secret.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var token = await tokens.FindAsync(secret, Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown or revoked API token");
        }
        var principal = Roles.Principal("token:" + token.Name, token.Role, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
