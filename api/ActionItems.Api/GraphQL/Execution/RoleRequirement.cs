using ActionItems.Api.Auth;
using GraphQL.Builders;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Which role a root field needs, kept as field metadata and enforced by <see cref="RoleAuthorizationRule"/>
/// before anything executes. Query fields need <see cref="Roles.Viewer"/> unless marked public; a mutation
/// that declares nothing needs <see cref="Roles.Admin"/>, so forgetting a declaration fails closed.
/// </summary>
public static class RoleRequirement
{
    private const string MetadataKey = "actionitems:requiredRole";
    private const string Public = "public";

    public static FieldBuilder<TSource, TReturn> RequireRole<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field,
        string role)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "not a role");
        }
        field.FieldType.Metadata[MetadataKey] = role;
        return field;
    }

    public static FieldBuilder<TSource, TReturn> AllowAnonymous<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        field.FieldType.Metadata[MetadataKey] = Public;
        return field;
    }

    /// <summary>The role a root field needs, or null when anyone may call it.</summary>
    public static string? RequiredRole(FieldType field, bool isMutation)
    {
        var declared = field.GetMetadata<string?>(MetadataKey);
        return declared == Public ? null : declared ?? (isMutation ? Roles.Admin : Roles.Viewer);
    }

    /// <summary>The role declared on a field, for the schema test that every mutation declares one.</summary>
    public static string? DeclaredRole(FieldType field) => field.GetMetadata<string?>(MetadataKey);
}
