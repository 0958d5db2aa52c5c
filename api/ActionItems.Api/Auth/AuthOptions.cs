namespace ActionItems.Api.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Lets requests without a token read (role viewer). Unset: allowed only for loopback requests in
    /// the Development environment. Never allows writes.
    /// </summary>
    public bool? AnonymousRead { get; set; }
}
