using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer ai_…</c> → a principal with the token's role (and the roles it includes).
/// </summary>
/// <remarks>
/// Every request looks its token up in the database; nothing is cached. A revocation (CLI <c>token revoke</c>,
/// another replica) must take effect in every process at once, and any per-request check that could notice it
/// (a revocation stamp, a counter, the token's own row) costs one round trip; the lookup by the unique secret-hash
/// index is such a round trip already, so a positive cache would only add staleness. The lookup reads the last-use
/// time too, so recording use writes at most once a minute per token (<see cref="ApiTokens.RecordUseAsync"/>).
/// A refused token costs that same one query (it tells revoked from unknown for the log); its warning is logged once
/// a minute per token prefix, repeats at Debug (<see cref="RefusedTokenLog"/>), because the rate limiter runs after
/// authentication and cannot spare a flood of refusals the lookup or the log.
/// </remarks>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens,
    RefusedTokenLog refusedTokenLog)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } secret || !secret.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }
        var lookup = await tokens.LookUpAsync(secret, Context.RequestAborted);
        if (lookup.Live is not { } token)
        {
            Logger.Log(refusedTokenLog.LevelFor(lookup.Prefix),
                "Refused API token from {RemoteAddress} for {Method} {Path}: {Reason}", Context.Connection.RemoteIpAddress, Request.Method, Request.Path.Value, lookup.RefusalReason);
            return AuthenticateResult.Fail("unknown or revoked API token");
        }
        await tokens.RecordUseAsync(token, Context.RequestAborted);
        var principal = Roles.Principal("token:" + token.Name, token.Role, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
