using System.Diagnostics;
using System.Diagnostics.Metrics;
using ActionItems.Sync.Telemetry;

namespace ActionItems.Application.Telemetry;

/// <summary>
/// The duration of each postmortem import (one document: extraction, matching and its transaction), by outcome, as the
/// <c>actionitems_import_duration_seconds</c> histogram of <c>/metrics</c>. Imports run by the <c>import</c> command are
/// in that short-lived process only; the ones of a running service (the <c>importPostmortem</c> mutation) are scraped.
/// </summary>
public sealed class ImportMeter
{
    public const string DurationInstrument = "actionitems.import.duration";

    /// <summary>A document imports in milliseconds to seconds (a 1 MB one with thousands of links takes longest).</summary>
    private static readonly IReadOnlyList<double> Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Histogram<double> _duration;

    public ImportMeter(IMeterFactory meters) =>
        _duration = meters.Create(ActionItemsTelemetry.MeterName).CreateHistogram(DurationInstrument, "s",
            "How long importing one postmortem took, by outcome.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });

    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the import started.</param>
    /// <param name="outcome"><c>imported</c>, <c>dry_run</c>, <c>rejected</c> (not a postmortem, bad input) or <c>failed</c>.</param>
    public void Imported(long startedAt, string outcome) =>
        _duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
