using System.Security.Claims;

namespace ActionItems.Api.Auth;

/// <summary>
/// The three roles, each including the ones below it: admin ⊃ triager ⊃ viewer. A principal carries
/// a role claim for its role and every role it includes, so <c>User.IsInRole(Roles.Viewer)</c> holds
/// for an admin too.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Triager = "triager";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Triager, Admin];

    /// <summary>The authentication type of a request let in by the anonymous-read switch.</summary>
    public const string AnonymousAuthenticationType = "anonymous";

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    /// <summary>The roles a principal holding <paramref name="role"/> has.</summary>
    public static IEnumerable<string> Implied(string role) => All.Take(All.ToList().IndexOf(role) + 1);

    public static ClaimsPrincipal Principal(string name, string role, string authenticationType)
    {
        if (!IsKnown(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "expected viewer, triager or admin");
        }
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(Implied(role).Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool IsAnonymous(this ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == AnonymousAuthenticationType;
}
