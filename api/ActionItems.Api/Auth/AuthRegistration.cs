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
        builder.Services.AddSingleton<RefusedTokenLog>();

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
        var refusals = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ApiTokenAuthenticationHandler>();
        return app.Use(async (context, next) =>
        {
            LogRefusedOtherCredentials(context, refusals);
            if (context.User.Identity?.IsAuthenticated != true && !context.Request.Headers.ContainsKey("Authorization") &&
                (allowAnonymous ?? (development && IsLoopback(context.Connection.RemoteIpAddress))))
            {
                context.User = Roles.Principal("anonymous", Roles.Viewer, Roles.AnonymousAuthenticationType);
            }
            await next(context);
        });
    }

    /// <summary>
    /// Refused credentials that are not API tokens (those are logged by <see cref="ApiTokenAuthenticationHandler"/>
    /// with the reason): another scheme, or a bearer token that is no JWT this server accepts. Only the scheme and
    /// the length are logged, never the credentials.
    /// </summary>
    private static void LogRefusedOtherCredentials(HttpContext context, ILogger logger)
    {
        if (context.User.Identity?.IsAuthenticated == true || context.Request.Headers.Authorization.ToString() is not { Length: > 0 } header)
        {
            return;
        }
        var bearer = ApiTokenAuthenticationHandler.BearerToken(context.Request);
        // /metrics takes its own scrape token (Metrics:Token) and checks it itself.
        if (bearer?.StartsWith(ApiTokens.SecretPrefix, StringComparison.Ordinal) == true ||
            context.Request.Path.StartsWithSegments(Metrics.MetricsEndpoint.Path, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var reason = bearer is not null
            ? $"bearer token of {bearer.Length} characters is not an API token and not a valid JWT (or Auth:Jwt is not configured)"
            // The scheme is named only when it looks like one: a header that is only a secret must not reach the log.
            : header.IndexOf(' ', StringComparison.Ordinal) is > 0 and <= 20 and var space && header[..space].All(char.IsAsciiLetter)
                ? $"Authorization scheme '{header[..space]}' is not Bearer"
                : $"Authorization header of {header.Length} characters has no scheme (expected 'Bearer <token>')";
        logger.LogWarning("Refused credentials from {RemoteAddress} for {Method} {Path}: {Reason}",
            context.Connection.RemoteIpAddress, context.Request.Method, context.Request.Path.Value, reason);
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
