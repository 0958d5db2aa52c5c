using System.Diagnostics;
using ActionItems.Sync.Telemetry;
using Hangfire.Client;
using Hangfire.Server;

namespace ActionItems.Api.Observability;

/// <summary>
/// Carries the trace across Hangfire: a job created while a request or another job runs keeps that trace's
/// <c>traceparent</c> as a job parameter, and runs in an activity that continues it, with a log scope naming the job. So the
/// log records of a push job have the trace id of the GraphQL mutation that caused it (through the outbox drain that
/// enqueued it), and so do those of its tracker calls. A job without a parent (recurring ones) starts a trace of its own.
/// </summary>
public sealed class JobTraceFilter(ILoggerFactory loggers) : IClientFilter, IServerFilter
{
    /// <summary>Before every other filter, so their log records are in the job's trace too.</summary>
    public const int FilterOrder = -1000;

    public const string TraceParentParameter = "TraceParent";

    private static readonly ActivitySource Source = new(ActionItemsTelemetry.JobsActivitySourceName);

    private readonly ILogger _logger = loggers.CreateLogger("ActionItems.Jobs");

    public void OnCreating(CreatingContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            context.SetJobParameter(TraceParentParameter, current.Id);
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var name = $"{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}";
        var traceParent = context.GetJobParameter<string>(TraceParentParameter);
        ActivityContext.TryParse(traceParent, null, out var parent);
        // With OpenTelemetry tracing on, the source's listener makes the span (exported); without it a plain activity still
        // gives the job's log records a trace id.
        var activity = Source.StartActivity($"job {name}", ActivityKind.Consumer, parent)
                       ?? CreatePlainActivity($"job {name}", traceParent);
        activity.SetTag("hangfire.job_id", context.BackgroundJob.Id);
        context.Items[nameof(Activity)] = activity;
        context.Items[nameof(ILogger.BeginScope)] = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = context.BackgroundJob.Id,
            ["Job"] = name,
        });
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(nameof(ILogger.BeginScope), out var scope))
        {
            (scope as IDisposable)?.Dispose();
        }
        if (context.Items.TryGetValue(nameof(Activity), out var activity))
        {
            (activity as Activity)?.Stop();
        }
    }

    private static Activity CreatePlainActivity(string name, string? traceParent)
    {
        var activity = new Activity(name);
        activity.SetIdFormat(ActivityIdFormat.W3C);
        if (traceParent is not null && ActivityContext.TryParse(traceParent, null, out _))
        {
            activity.SetParentId(traceParent);
        }
        return activity.Start();
    }
}
