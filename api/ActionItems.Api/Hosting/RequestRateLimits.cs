using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace ActionItems.Api.Hosting;

/// <summary>One limit: a token bucket refilled by <see cref="PermitsPerSecond"/> and holding at most <see cref="Burst"/> requests.</summary>
/// <param name="PermitsPerSecond">Sustained requests per second; 0 turns the limit off.</param>
/// <param name="Burst">Requests a quiet client may send at once before the sustained rate applies.</param>
public sealed record RateLimit(int PermitsPerSecond, int Burst)
{
    public bool Enabled => PermitsPerSecond > 0;
}

/// <summary>
/// Rate limits (ASP.NET Core's rate limiter) on the endpoints anyone on the network can reach: <c>/graphql</c> per
/// caller — the API token or JWT identity, or the client's IP address for requests without (or with refused)
/// credentials — and <c>/webhooks/…</c> per source IP address and webhook URL (that is, per target). A request over
/// the limit is answered 429 with <c>Retry-After</c> and a JSON body before any work (no parsing, no SQL beyond the
/// token lookup). The defaults are far above what a person, the web app or a tracker sends; they stop a runaway
/// script or a flood.
/// </summary>
public static class RequestRateLimits
{
    public const string Section = "RateLimiting";
    public const string GraphQLSection = Section + ":GraphQL";
    public const string WebhooksSection = Section + ":Webhooks";
    public const string PermitsPerSecondName = "PermitsPerSecond";
    public const string BurstName = "Burst";

    public static readonly RateLimit DefaultGraphQL = new(PermitsPerSecond: 100, Burst: 1000);
    public static readonly RateLimit DefaultWebhooks = new(PermitsPerSecond: 20, Burst: 200);

    public const string WebhooksPath = "/webhooks";

    /// <summary>Every key this reads, for ConfigurationKeys.</summary>
    public static IReadOnlyList<string> ConfigurationKeys { get; } =
    [
        $"{GraphQLSection}:{PermitsPerSecondName}", $"{GraphQLSection}:{BurstName}",
        $"{WebhooksSection}:{PermitsPerSecondName}", $"{WebhooksSection}:{BurstName}",
    ];

    /// <exception cref="ConfigurationErrorException">A limit is not a whole number, negative, or its burst is below its rate.</exception>
    public static IHostApplicationBuilder AddRequestRateLimits(this IHostApplicationBuilder builder)
    {
        var graphQL = Read(builder.Configuration, GraphQLSection, DefaultGraphQL);
        var webhooks = Read(builder.Configuration, WebhooksSection, DefaultWebhooks);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, graphQL, webhooks));
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    /// <summary>After authentication: the GraphQL limit counts per token, so it needs to know who the caller is.</summary>
    public static IApplicationBuilder UseRequestRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    internal static RateLimitPartition<string> Partition(HttpContext context, RateLimit graphQL, RateLimit webhooks)
    {
        var path = context.Request.Path;
        if (graphQL.Enabled && path.StartsWithSegments(GraphQLEndpoint.Path, StringComparison.OrdinalIgnoreCase))
        {
            return Bucket("graphql " + Caller(context), graphQL);
        }
        if (webhooks.Enabled && path.StartsWithSegments(WebhooksPath, StringComparison.OrdinalIgnoreCase))
        {
            // The URL names the tracker kind and target; bounded, so made-up long paths cannot make huge keys.
            var url = path.Value!.ToLowerInvariant();
            return Bucket($"webhook {ClientAddress(context)} {url[..Math.Min(url.Length, 200)]}", webhooks);
        }
        return RateLimitPartition.GetNoLimiter("");
    }

    /// <summary>An authenticated caller by name (an API token's is <c>token:NAME</c>, never its secret); anyone else by IP.</summary>
    private static string Caller(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } identity && !context.User.IsAnonymous()
            ? $"{identity.AuthenticationType}:{name}"
            : "ip:" + ClientAddress(context);

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Bucket(string key, RateLimit limit) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        var isGraphQL = context.Request.Path.StartsWithSegments(GraphQLEndpoint.Path, StringComparison.OrdinalIgnoreCase);
        var limitKey = isGraphQL ? GraphQLSection : WebhooksSection;
        var message = $"Too many requests ({limitKey}); retry after {retryAfter} s.";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestRateLimits))
            .LogInformation("Rate limit {Limit} reached: answered 429 to {Method} {Path} from {Caller}",
                limitKey, context.Request.Method, context.Request.Path.Value, isGraphQL ? Caller(context) : ClientAddress(context));
        object body = isGraphQL
            ? new { errors = new[] { new { message, extensions = new { code = ErrorCodes.RateLimited, retryAfterSeconds = retryAfter } } } }
            : new { error = message, retryAfterSeconds = retryAfter };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), cancellationToken);
    }

    internal static RateLimit Read(IConfiguration configuration, string section, RateLimit defaults)
    {
        var perSecond = ReadCount(configuration, $"{section}:{PermitsPerSecondName}", defaults.PermitsPerSecond);
        var burst = ReadCount(configuration, $"{section}:{BurstName}", Math.Max(defaults.Burst, perSecond));
        if (perSecond > 0 && burst < perSecond)
        {
            throw new ConfigurationErrorException($"{section}:{BurstName}",
                $"{burst} is below {section}:{PermitsPerSecondName} ({perSecond}); the burst is at least one second's requests");
        }
        return new RateLimit(perSecond, burst);
    }

    private static int ReadCount(IConfiguration configuration, string key, int fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ConfigurationErrorException(key, $"'{text}' is not a whole number of requests (0 or more; {PermitsPerSecondName}=0 turns the limit off)");
    }
}
