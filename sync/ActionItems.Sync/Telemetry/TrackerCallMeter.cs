using System.Diagnostics.Metrics;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;

namespace ActionItems.Sync.Telemetry;

/// <summary>
/// The names every part of ActionItems publishes its own telemetry under: one <see cref="Meter"/> name (each layer creates
/// its instruments on a meter of this name from the host's <see cref="IMeterFactory"/>, so two hosts in one process never
/// mix their figures) and the activity source of background jobs.
/// </summary>
public static class ActionItemsTelemetry
{
    public const string MeterName = "ActionItems";

    /// <summary>The spans of Hangfire jobs, children of the request or job that enqueued them.</summary>
    public const string JobsActivitySourceName = "ActionItems.Jobs";
}

/// <summary>
/// Counters of tracker API calls and failed calls per target and method (Conduit method, or GitHub HTTP method and route
/// template), fed by <see cref="PhabricatorCallRecorder"/>, the one place connectors count their calls. In-process
/// counters: <c>/metrics</c> shows the calls of the process it is served by (use OTLP for workers, which serve no HTTP).
/// </summary>
public sealed class TrackerCallMeter
{
    public const string CallsInstrument = "actionitems.tracker.calls";
    public const string ErrorsInstrument = "actionitems.tracker.call_errors";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;

    public TrackerCallMeter(IMeterFactory meters)
    {
        var meter = meters.Create(ActionItemsTelemetry.MeterName);
        _calls = meter.CreateCounter<long>(CallsInstrument, "{call}", "Tracker API calls sent, failed ones included.");
        _errors = meter.CreateCounter<long>(ErrorsInstrument, "{call}", "Tracker API calls that failed, by error class.");
    }

    public void Called(string target, string method) =>
        _calls.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("method", method));

    /// <param name="target">The target's name.</param>
    /// <param name="method">As counted in <see cref="Called"/>.</param>
    /// <param name="error">One of the few fixed classes of <see cref="ErrorClass(Exception)"/> or <see cref="ErrorClass(int)"/>.</param>
    public void Failed(string target, string method, string error) =>
        _errors.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("error", error));

    /// <summary>The class of an HTTP answer that is an error (GitHub): <c>rate_limited</c>, <c>client_error</c> or <c>server_error</c>.</summary>
    public static string ErrorClass(int status) => status switch
    {
        429 => "rate_limited",
        >= 500 => "server_error",
        _ => "client_error",
    };

    /// <summary>A handful of fixed values, the engine's error classes (docs/sync.md, Errors), so the label stays small.</summary>
    public static string ErrorClass(Exception failure) => failure switch
    {
        TrackerRateLimitedException => "rate_limited",
        TrackerUnknownOutcomeException => "unknown_outcome",
        TrackerObjectGoneException => "gone",
        TrackerPermanentException or ConduitErrorException => "permanent",
        _ => "transient",
    };
}
