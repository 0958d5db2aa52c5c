using System.Net;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Auth;

public static class AuthRegistration
{
    public static IHostApplicationBuilder AddActionItemsAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        return builder;
    }

    /// <summary>
    /// Establishes <c>HttpContext.User</c> for every request. A request that presented no valid
    /// credentials stays unauthenticated unless anonymous read applies, in which case it becomes an
    /// anonymous viewer (see <see cref="AuthOptions.AnonymousRead"/>).
    /// </summary>
    public static IApplicationBuilder UseActionItemsAuth(this WebApplication app)
    {
        var allowAnonymous = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.AnonymousRead;
        var development = app.Environment.IsDevelopment();
        return app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true &&
                (allowAnonymous ?? (development && IsLoopback(context.Connection.RemoteIpAddress))))
            {
                context.User = Roles.Principal("anonymous", Roles.Viewer, Roles.AnonymousAuthenticationType);
            }
            await next(context);
        });
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
