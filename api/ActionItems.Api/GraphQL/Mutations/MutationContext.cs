using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Sync;
using ActionItems.Application;
using GraphQL;

namespace ActionItems.Api.GraphQL.Mutations;

/// <summary>What a mutation resolver needs besides its use case: who calls, and forgetting what the request read before.</summary>
internal static class MutationContext
{
    /// <summary>The caller as the use cases see it: the authenticated principal's name (history records it) and role.</summary>
    public static Actor Actor(this IResolveFieldContext context)
    {
        var user = context.User;
        var name = user?.Identity?.Name is { Length: > 0 } n ? n : "unknown";
        var role = user is null ? ActorRole.Viewer
            : user.IsInRole(Roles.Admin) ? ActorRole.Admin
            : user.IsInRole(Roles.Triager) ? ActorRole.Triager
            : ActorRole.Viewer;
        return new Actor(name, role);
    }

    /// <summary>
    /// Loaders cache what the request read; after a mutation, fields selected on its payload must see the change.
    /// </summary>
    public static TPayload AfterChange<TPayload>(this IResolveFieldContext context, TPayload payload)
    {
        context.RequestServices!.GetRequiredService<DataLoaders>().Clear();
        context.RequestServices!.GetRequiredService<SyncLoaders>().Clear();
        context.RequestServices!.GetRequiredService<Prevention.PreventionLoaders>().Clear();
        return payload;
    }
}
