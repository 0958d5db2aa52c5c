using ActionItems.Api.GraphQL.Execution;

namespace ActionItems.Api.Hosting;

/// <summary>Set by <see cref="ErrorReporting"/> when a GraphQL resolver failed because the database is unreachable.</summary>
public sealed class DatabaseOutageSignal
{
    public bool Seen { get; set; }
}

/// <summary>
/// Turns a database outage anywhere in a request into HTTP 503 with <c>Retry-After</c> and a GraphQL error body
/// (<c>extensions.code</c> UNAVAILABLE), instead of a 500 with an empty body (when the token lookup throws) or a
/// 200 with INTERNAL (when a resolver throws). Each failure is logged as one warning line.
/// </summary>
public static class DatabaseOutageMiddleware
{
    public static IServiceCollection AddDatabaseOutageAnswers(this IServiceCollection services) =>
        services.AddScoped<DatabaseOutageSignal>();

    /// <summary>Must run before authentication, whose token lookup is the first database call of most requests.</summary>
    public static IApplicationBuilder UseDatabaseOutageAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // A resolver's failure is already in the GraphQL result the endpoint writes: only the status and header change,
        // just before the response starts.
        context.Response.OnStarting(() =>
        {
            if (context.RequestServices.GetService<DatabaseOutageSignal>() is { Seen: true })
            {
                MarkUnavailable(context.Response);
            }
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        catch (Exception e) when (DatabaseOutage.IsOutage(e) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutageMiddleware))
                .LogWarning("Database unavailable, answered 503 to {Method} {Path}: {Reason}",
                    context.Request.Method, context.Request.Path.Value, DatabaseOutage.Describe(e));
            context.Response.Clear();
            MarkUnavailable(context.Response);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(UnavailableBody, context.RequestAborted);
        }
    });

    internal const string Message = "The database is unavailable; try again shortly.";

    private static readonly string UnavailableBody = System.Text.Json.JsonSerializer.Serialize(new
    {
        errors = new[] { new { message = Message, extensions = new { code = ErrorCodes.Unavailable } } },
    });

    private static void MarkUnavailable(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
