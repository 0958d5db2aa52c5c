using System.Security.Claims;
using ActionItems.Api.Auth;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

/// <summary>
/// Who a request is signed in as. The web app reads it after sign-in to show only the controls the caller's role
/// may use; the API still checks every field itself (RoleRequirement).
/// </summary>
public sealed class ViewerType : ObjectGraphType<ClaimsPrincipal>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The caller: the API token's (or JWT's) name and its role.";
        Field<NonNullGraphType<StringGraphType>>("name")
            .Description("The caller as history records it (for an API token: `token:NAME`).")
            .Resolve(c => c.Source.Identity?.Name ?? "unknown");
        Field<NonNullGraphType<RoleGraphType>>("role")
            .Description("The highest role held; each role includes the ones below it (ADMIN ⊃ TRIAGER ⊃ VIEWER).")
            .Resolve(c => HighestRole(c.Source));
        Field<NonNullGraphType<BooleanGraphType>>("anonymous")
            .Description("No credentials were sent and anonymous read let the request in as a viewer (Auth:AnonymousRead).")
            .Resolve(c => c.Source.IsAnonymous());
    }

    public static string HighestRole(ClaimsPrincipal user) =>
        Roles.All.Last(user.IsInRole);
}

/// <summary>VIEWER, TRIAGER, ADMIN: the roles of README's Access section.</summary>
public sealed class RoleGraphType : EnumerationGraphType
{
    public RoleGraphType()
    {
        Name = "Role";
        foreach (var role in Roles.All)
        {
            Add(role.ToUpperInvariant(), role);
        }
    }
}
