using System.Diagnostics.Metrics;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Application.Telemetry;
using ActionItems.Sync.Telemetry;

namespace ActionItems.Api.Metrics;

/// <summary>How one of our instruments is written in the Prometheus text: family name, type, help and label names.</summary>
public sealed record InstrumentFamily(string Instrument, string Name, string Type, string Help, IReadOnlyList<string> Labels)
{
    /// <summary>Our own instruments (meter <c>ActionItems</c>) that <c>/metrics</c> shows, in the order it shows them.</summary>
    public static IReadOnlyList<InstrumentFamily> All { get; } =
    [
        new(TrackerCallMeter.CallsInstrument, "actionitems_tracker_calls_total", "counter",
            "Tracker API calls this process sent since it started (failed ones included), by target and method.", ["target", "method"]),
        new(TrackerCallMeter.ErrorsInstrument, "actionitems_tracker_call_errors_total", "counter",
            "Tracker API calls of this process that failed, by target, method and error class.", ["target", "method", "error"]),
        new(OperationTiming.DurationInstrument, "actionitems_graphql_operation_duration_seconds", "histogram",
            "How long GraphQL requests took in seconds, by operation name (anonymous: unnamed).", ["operation"]),
        new(ImportMeter.DurationInstrument, "actionitems_import_duration_seconds", "histogram",
            "How long importing one postmortem took in seconds, by outcome (imported, dry_run, rejected, failed).", ["outcome"]),
    ];
}

/// <summary>One series of a counter or histogram: its label values (in the family's label order) and what was measured.</summary>
/// <param name="LabelValues">In the order of <see cref="InstrumentFamily.Labels"/>.</param>
/// <param name="Count">A counter's value; a histogram's number of observations.</param>
/// <param name="Sum">A histogram's sum of observations (0 for a counter).</param>
/// <param name="Buckets">A histogram's upper bounds with the cumulative count of observations up to each (empty for a counter).</param>
public sealed record InstrumentSeries(IReadOnlyList<string> LabelValues, long Count, double Sum, IReadOnlyList<(double UpperBound, long Count)> Buckets);

public sealed record InstrumentSnapshot(InstrumentFamily Family, IReadOnlyList<InstrumentSeries> Series);

/// <summary>
/// Collects this host's own counters and histograms (meter <c>ActionItems</c> of this host's <see cref="IMeterFactory"/>:
/// another host in the same process is another scope) in memory with a <see cref="MeterListener"/>, for
/// <see cref="PrometheusText"/>. One format and one endpoint with the scrape-time gauges, instead of the OpenTelemetry
/// Prometheus exporter (a beta). Each family keeps at most <see cref="MaxSeriesPerFamily"/> label sets; measurements with
/// any further one are counted under the label value <see cref="Overflow"/>, so a client inventing operation names cannot
/// grow the scrape without bound.
/// </summary>
public sealed class MeterCollector : IHostedService, IDisposable
{
    public const int MaxSeriesPerFamily = 100;
    public const string Overflow = "other";

    /// <summary>Used when an instrument gives no bucket advice.</summary>
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener;
    private readonly Dictionary<string, FamilyState> _families;

    public MeterCollector(IMeterFactory meters)
    {
        _families = InstrumentFamily.All.ToDictionary(f => f.Instrument, f => new FamilyState(f));
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ActionItemsTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) &&
                    _families.TryGetValue(instrument.Name, out var family))
                {
                    family.Bind(instrument);
                    listener.EnableMeasurementEvents(instrument, family);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((FamilyState)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((FamilyState)state!).Add(value, tags));
        _listener.Start();
    }

    public IReadOnlyList<InstrumentSnapshot> Collect() => [.. InstrumentFamily.All.Select(f => _families[f.Instrument].Snapshot())];

    /// <summary>Resolving the collector at start is what starts listening: measurements taken before are not seen.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private sealed class FamilyState(InstrumentFamily family)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, SeriesState> _series = new(StringComparer.Ordinal);
        private double[] _bounds = DefaultBuckets;

        public void Bind(Instrument instrument)
        {
            if (instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } advised })
            {
                _bounds = [.. advised];
            }
        }

        public void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new string[family.Labels.Count];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = "";
                foreach (var tag in tags)
                {
                    if (tag.Key == family.Labels[i])
                    {
                        labels[i] = tag.Value?.ToString() ?? "";
                        break;
                    }
                }
            }
            var key = string.Join('\u0001', labels);
            lock (_gate)
            {
                if (!_series.TryGetValue(key, out var series))
                {
                    if (_series.Count >= MaxSeriesPerFamily)
                    {
                        labels = [.. labels.Select(_ => Overflow)];
                        key = string.Join('\u0001', labels);
                    }
                    if (!_series.TryGetValue(key, out series))
                    {
                        series = new SeriesState(labels, family.Type == "histogram" ? new long[_bounds.Length] : []);
                        _series[key] = series;
                    }
                }
                series.Count += family.Type == "histogram" ? 1 : (long)value;
                series.Sum += value;
                for (var i = 0; i < series.BucketCounts.Length; i++)
                {
                    if (value <= _bounds[i])
                    {
                        series.BucketCounts[i]++;
                    }
                }
            }
        }

        public InstrumentSnapshot Snapshot()
        {
            lock (_gate)
            {
                return new InstrumentSnapshot(family, [.. _series.Values
                    .OrderBy(s => string.Join('\u0001', s.Labels), StringComparer.Ordinal)
                    .Select(s => new InstrumentSeries(s.Labels, s.Count, family.Type == "histogram" ? s.Sum : 0,
                        [.. s.BucketCounts.Select((count, i) => (_bounds[i], count))]))]);
            }
        }
    }

    private sealed class SeriesState(string[] labels, long[] bucketCounts)
    {
        public string[] Labels { get; } = labels;

        /// <summary>Cumulative: an observation counts in every bucket whose upper bound it does not exceed.</summary>
        public long[] BucketCounts { get; } = bucketCounts;
        public long Count { get; set; }
        public double Sum { get; set; }
    }
}
