using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Auth;

public static class AuthRegistration
{
    private const string BearerSelector = "Bearer";

    public static IHostApplicationBuilder AddActionItemsAuth(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(AuthOptions.Section);
        builder.Services.Configure<AuthOptions>(section);
        var jwt = section.GetSection(nameof(AuthOptions.Jwt)).Get<JwtOptions>() ?? new JwtOptions();
        builder.Services.AddScoped<ApiTokens>();

        var authentication = builder.Services.AddAuthentication(BearerSelector)
            // API tokens are recognisable by their prefix; every other bearer token is a JWT (when configured).
            .AddPolicyScheme(BearerSelector, "API token or JWT", options => options.ForwardDefaultSelector = context =>
                jwt.Enabled && ApiTokenAuthenticationHandler.BearerToken(context.Request) is { } token &&
                !token.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(options =>
            {
                options.Authority = jwt.Authority;
                options.Audience = jwt.Audience;
                options.MapInboundClaims = false;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        context.Principal = ToActionItemsPrincipal(context.Principal!, jwt.RoleClaim);
                        return Task.CompletedTask;
                    },
                };
            });
        }
        return builder;
    }

    /// <summary>
    /// Authenticates every request. A request without any credentials stays unauthenticated unless
    /// anonymous read applies, in which case it becomes an anonymous viewer (see <see cref="AuthOptions.AnonymousRead"/>).
    /// Bad credentials are never downgraded to anonymous: the caller meant to be someone.
    /// </summary>
    public static IApplicationBuilder UseActionItemsAuth(this WebApplication app)
    {
        app.UseAuthentication();
        var allowAnonymous = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.AnonymousRead;
        var development = app.Environment.IsDevelopment();
        return app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true && !context.Request.Headers.ContainsKey("Authorization") &&
                (allowAnonymous ?? (development && IsLoopback(context.Connection.RemoteIpAddress))))
            {
                context.User = Roles.Principal("anonymous", Roles.Viewer, Roles.AnonymousAuthenticationType);
            }
            await next(context);
        });
    }

    private static ClaimsPrincipal ToActionItemsPrincipal(ClaimsPrincipal jwtPrincipal, string roleClaim)
    {
        var name = jwtPrincipal.FindFirst("preferred_username")?.Value ?? jwtPrincipal.FindFirst("sub")?.Value ?? "jwt-user";
        var granted = jwtPrincipal.FindAll(roleClaim).Select(c => c.Value).Where(Roles.IsKnown).ToList();
        return granted.Count == 0
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], JwtBearerDefaults.AuthenticationScheme))
            : Roles.Principal(name, granted.MaxBy(r => Roles.All.ToList().IndexOf(r))!, JwtBearerDefaults.AuthenticationScheme);
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}
