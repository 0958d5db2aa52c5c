namespace ActionItems.Api.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Lets requests without credentials read (role viewer). Unset: allowed only for loopback requests in
    /// the Development environment. Never allows writes.
    /// </summary>
    public bool? AnonymousRead { get; set; }

    /// <summary>Optional OIDC/JWT bearer tokens, next to API tokens.</summary>
    public JwtOptions Jwt { get; set; } = new();
}

public sealed class JwtOptions
{
    /// <summary>The OIDC issuer (its discovery document gives the signing keys). Empty: JWT is off.</summary>
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>The claim whose values name ActionItems roles (viewer, triager, admin); the highest wins.</summary>
    public string RoleClaim { get; set; } = "roles";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
