using ActionItems.Core;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace ActionItems.Api.Hosting;

/// <summary>
/// CORS, closed unless configured: with no <c>Cors:AllowedOrigins</c> no answer carries an
/// <c>Access-Control-Allow-*</c> header, so a page on another site cannot read the API through a visitor's browser.
/// The web app is served by this host (same origin) and needs none. Listed origins (say, a dashboard on an intranet
/// site) may call the API with a bearer token: GET and POST, the headers a GraphQL client sends, no cookies.
/// </summary>
public static class CrossOriginAccess
{
    public const string AllowedOriginsKey = "Cors:AllowedOrigins";

    private const string PolicyName = "configured-origins";

    /// <summary>How long a browser may reuse a preflight answer.</summary>
    public static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Registers the CORS policy when origins are configured; nothing otherwise.
    /// </summary>
    /// <exception cref="ConfigurationErrorException">An entry is not an origin (<c>https://host[:port]</c>).</exception>
    public static IHostApplicationBuilder AddCrossOriginAccess(this IHostApplicationBuilder builder)
    {
        var origins = AllowedOrigins(builder.Configuration);
        if (origins.Count == 0)
        {
            return builder;
        }
        builder.Services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins([.. origins])
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Authorization", "Content-Type", "Accept")
            // A client reading a 401, 429 or 503 needs these to know what to do next.
            .WithExposedHeaders("WWW-Authenticate", "Retry-After")
            .SetPreflightMaxAge(PreflightMaxAge)));
        return builder;
    }

    /// <summary>Before authentication: a preflight carries no credentials and is answered here.</summary>
    public static IApplicationBuilder UseCrossOriginAccess(this WebApplication app) =>
        app.Services.GetRequiredService<IOptions<CorsOptions>>().Value.GetPolicy(PolicyName) is null ? app : app.UseCors(PolicyName);

    /// <summary>
    /// The configured origins: a list (<c>Cors:AllowedOrigins:0</c>, <c>…:1</c>, as environment variables
    /// <c>Cors__AllowedOrigins__0</c>) or one comma-separated value (<c>--Cors:AllowedOrigins=https://a,https://b</c>).
    /// Each must be an origin: http or https, a host, an optional port, nothing after it. <c>*</c> is refused: the
    /// point is a list of sites the operator trusts.
    /// </summary>
    public static IReadOnlyList<string> AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection(AllowedOriginsKey);
        var entries = (section.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Concat(section.GetChildren().Select(child => child.Value?.Trim()).OfType<string>().Where(v => v.Length > 0));
        var origins = new List<string>();
        foreach (var entry in entries)
        {
            origins.Add(ToOrigin(entry));
        }
        return origins;
    }

    private static string ToOrigin(string entry)
    {
        if (entry.Contains('*', StringComparison.Ordinal))
        {
            throw new ConfigurationErrorException(AllowedOriginsKey,
                $"'{entry}': wildcards are not allowed; list each origin that may call the API (e.g. https://dashboard.example.org)");
        }
        if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || entry.EndsWith('?') || entry.EndsWith('#') ||
            uri.UserInfo.Length > 0)
        {
            throw new ConfigurationErrorException(AllowedOriginsKey,
                $"'{entry}' is not an origin: write scheme, host and optional port only, e.g. https://dashboard.example.org or http://localhost:5173");
        }
        return uri.GetLeftPart(UriPartial.Authority);
    }
}
