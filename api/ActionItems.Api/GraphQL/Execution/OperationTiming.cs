using System.Diagnostics;
using System.Diagnostics.Metrics;
using ActionItems.Sync.Telemetry;
using GraphQL;
using GraphQL.DI;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Times every GraphQL request from parsing to its result, by operation name, for the
/// <c>actionitems_graphql_operation_duration_seconds</c> histogram of <c>/metrics</c>. Outermost of the execution steps
/// (sort order below the document cache's and admission's), so a refused or cached document is timed too.
/// </summary>
public sealed class OperationTiming : IConfigureExecution
{
    public const string DurationInstrument = "actionitems.graphql.operation.duration";

    /// <summary>The name a request without one is counted under.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The name a client sent that is no GraphQL name (the document did not parse) is counted under.</summary>
    public const string Invalid = "invalid";

    private const int MaxNameLength = 100;

    private static readonly IReadOnlyList<double> Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Histogram<double> _duration;

    public OperationTiming(IMeterFactory meters) =>
        _duration = meters.Create(ActionItemsTelemetry.MeterName).CreateHistogram(DurationInstrument, "s",
            "How long GraphQL requests took, by operation name.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    public float SortOrder => 100;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        ExecutionResult? result = null;
        try
        {
            result = await next(options);
            return result;
        }
        finally
        {
            Record(result?.Operation?.Name?.StringValue ?? options.OperationName, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <param name="operationName">The executed operation's name, or the one the client sent.</param>
    /// <param name="seconds">How long the request took.</param>
    public void Record(string? operationName, double seconds) =>
        _duration.Record(seconds, new KeyValuePair<string, object?>("operation", OperationName(operationName)));

    /// <summary>
    /// The executed operation's name; <see cref="Anonymous"/> without one, <see cref="Invalid"/> for a name no document
    /// could declare. The collector caps how many names it keeps (Metrics/MeterCollector.cs).
    /// </summary>
    public static string OperationName(string? name) =>
        string.IsNullOrEmpty(name) ? Anonymous
        : name.Length <= MaxNameLength && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name
        : Invalid;
}
