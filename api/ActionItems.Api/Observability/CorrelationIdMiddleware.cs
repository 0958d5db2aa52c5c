using System.Diagnostics;

namespace ActionItems.Api.Observability;

/// <summary>
/// Answers every request with its correlation id in <c>X-Correlation-Id</c>: the W3C trace id of the request's activity,
/// which ASP.NET Core takes from an incoming <c>traceparent</c> header (so a caller's trace goes on here) or starts anew.
/// The same id is in each of the request's log records (<c>TraceId</c>), in the jobs it enqueues (<see cref="JobTraceFilter"/>)
/// and in the log records of the tracker calls they make: one id follows a push from the mutation to the job to
/// the remote call.
/// </summary>
public static class CorrelationIdMiddleware
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>First in the pipeline, so even a refused or failed request carries its id.</summary>
    public sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                // ASP.NET Core starts the request's activity whenever its hosting log category is enabled at any level;
                // with that switched off there is no trace, and the request's own identifier stands in.
                var correlationId = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity
                    ? activity.TraceId.ToHexString()
                    : http.TraceIdentifier;
                // Set as the answer starts, not now: an error handler that clears the headers must not take it away.
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers[HeaderName] = correlationId;
                    return Task.CompletedTask;
                });
                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
