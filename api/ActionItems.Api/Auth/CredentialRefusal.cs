namespace ActionItems.Api.Auth;

/// <summary>
/// Why a request's credentials were refused, in one place for every endpoint that answers 401: a request that sends
/// an <c>Authorization</c> header the server does not accept (an unknown or revoked API token, a JWT that does not
/// validate, another scheme) is never downgraded to anonymous.
/// </summary>
public static class CredentialRefusal
{
    /// <summary>The <c>WWW-Authenticate</c> challenge for refused credentials (RFC 6750).</summary>
    public const string InvalidTokenChallenge = "Bearer error=\"invalid_token\"";

    /// <summary>The challenge when no credentials were sent.</summary>
    public const string Challenge = "Bearer";

    /// <summary>The refusal's message when the request sent credentials that did not authenticate it; else null.</summary>
    public static string? Describe(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true || !http.Request.Headers.ContainsKey("Authorization")
            ? null
            : ApiTokenAuthenticationHandler.BearerToken(http.Request) switch
            {
                null => "Only 'Authorization: Bearer <token>' is accepted.",
                var token when token.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal) => "unknown or revoked API token",
                _ => "The bearer token is not valid (API tokens start with 'ai_'; other tokens are JWTs, accepted only when Auth:Jwt is configured).",
            };
}
