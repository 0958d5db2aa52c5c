using System.Diagnostics.Metrics;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.Metrics;
using ActionItems.Application.Metrics;
using ActionItems.Application.Telemetry;
using ActionItems.Sync.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.UnitTests.Metrics;

/// <summary>The sync gauges and our own counters and histograms in the Prometheus text, and how they are collected.</summary>
public sealed class OwnMetricsTextTests : IDisposable
{
    private static readonly MetricsSnapshot NoItems = new([], [], []);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Sync_gauges_have_one_series_per_target_and_outbox_kind_and_the_oldest_age_has_no_labels()
    {
        var text = PrometheusText.Write(NoItems, new SyncHealthSnapshot(
            [
                new SyncTargetGauge("gh", 12.5, 40, 4990, 0, 2),
                new SyncTargetGauge("phab", 0, 0, null, 30, 0),
            ],
            [new OutboxKindGauge("item-changed", 0), new OutboxKindGauge("link-push", 3)],
            7.25), []);

        var lines = text.Split('\n');
        Assert.Contains("actionitems_sync_lag_seconds{target=\"gh\"} 12.5", lines);
        Assert.Contains("actionitems_sync_lag_seconds{target=\"phab\"} 0", lines);
        Assert.Contains("actionitems_tracker_calls_last_hour{target=\"gh\"} 40", lines);
        Assert.Contains("actionitems_tracker_rate_limit_remaining{target=\"gh\"} 4990", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("actionitems_tracker_rate_limit_remaining{target=\"phab\"}", StringComparison.Ordinal));
        Assert.Contains("actionitems_tracker_rate_limit_wait_seconds{target=\"phab\"} 30", lines);
        Assert.Contains("actionitems_sync_conflicts_open{target=\"gh\"} 2", lines);
        Assert.Contains("actionitems_outbox_pending_messages{kind=\"link-push\"} 3", lines);
        Assert.Contains("actionitems_outbox_oldest_pending_age_seconds 7.25", lines);
        Assert.Contains("# TYPE actionitems_outbox_oldest_pending_age_seconds gauge", lines);
    }

    [Fact]
    public void Every_own_family_has_help_and_type_even_before_anything_was_measured()
    {
        using var collector = new MeterCollector(Meters);

        var lines = PrometheusText.Write(NoItems, SyncHealthSnapshot.Empty, collector.Collect()).Split('\n');

        Assert.Contains("# TYPE actionitems_tracker_calls_total counter", lines);
        Assert.Contains("# TYPE actionitems_tracker_call_errors_total counter", lines);
        Assert.Contains("# TYPE actionitems_graphql_operation_duration_seconds histogram", lines);
        Assert.Contains("# TYPE actionitems_import_duration_seconds histogram", lines);
        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.All(families, f => Assert.Contains(lines, l => l.StartsWith($"# HELP {f} ", StringComparison.Ordinal)));
        Assert.Equal(families.Count, families.Distinct().Count());
    }

    [Fact]
    public void Counters_sum_per_label_set_and_histograms_have_cumulative_buckets_sum_and_count()
    {
        using var collector = new MeterCollector(Meters);
        var calls = new TrackerCallMeter(Meters);
        var timing = new OperationTiming(Meters);
        calls.Called("phab", "maniphest.search");
        calls.Called("phab", "maniphest.search");
        calls.Called("phab", "maniphest.edit");
        calls.Failed("phab", "maniphest.edit", "transient");
        timing.Record("Dashboard", 0.00390625);
        timing.Record("Dashboard", 0.25);
        timing.Record("Dashboard", 40);

        var lines = PrometheusText.Write(NoItems, SyncHealthSnapshot.Empty, collector.Collect()).Split('\n');

        Assert.Contains("actionitems_tracker_calls_total{target=\"phab\",method=\"maniphest.search\"} 2", lines);
        Assert.Contains("actionitems_tracker_calls_total{target=\"phab\",method=\"maniphest.edit\"} 1", lines);
        Assert.Contains("actionitems_tracker_call_errors_total{target=\"phab\",method=\"maniphest.edit\",error=\"transient\"} 1", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_bucket{operation=\"Dashboard\",le=\"0.005\"} 1", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_bucket{operation=\"Dashboard\",le=\"0.1\"} 1", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_bucket{operation=\"Dashboard\",le=\"0.25\"} 2", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_bucket{operation=\"Dashboard\",le=\"30\"} 2", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_bucket{operation=\"Dashboard\",le=\"+Inf\"} 3", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_sum{operation=\"Dashboard\"} 40.25390625", lines);
        Assert.Contains("actionitems_graphql_operation_duration_seconds_count{operation=\"Dashboard\"} 3", lines);
    }

    [Fact]
    public void A_family_keeps_at_most_its_cap_of_label_sets_and_counts_the_rest_as_other()
    {
        using var collector = new MeterCollector(Meters);
        var timing = new OperationTiming(Meters);
        for (var i = 0; i < MeterCollector.MaxSeriesPerFamily + 50; i++)
        {
            timing.Record($"Invented{i}", 0.01);
        }

        var graphql = collector.Collect().Single(s => s.Family.Name == "actionitems_graphql_operation_duration_seconds");

        Assert.Equal(MeterCollector.MaxSeriesPerFamily + 1, graphql.Series.Count);
        Assert.Equal(50, graphql.Series.Single(s => s.LabelValues[0] == MeterCollector.Overflow).Count);
    }

    [Fact]
    public void Measurements_of_another_hosts_meter_factory_are_not_collected()
    {
        using var collector = new MeterCollector(Meters);
        using var otherHost = new ServiceCollection().AddMetrics().BuildServiceProvider();
        new ImportMeter(otherHost.GetRequiredService<IMeterFactory>()).Imported(System.Diagnostics.Stopwatch.GetTimestamp(), "imported");
        new ImportMeter(Meters).Imported(System.Diagnostics.Stopwatch.GetTimestamp(), "failed");

        var imports = collector.Collect().Single(s => s.Family.Name == "actionitems_import_duration_seconds");

        Assert.Equal("failed", Assert.Single(imports.Series).LabelValues[0]);
    }

    [Theory]
    [InlineData(null, "anonymous")]
    [InlineData("", "anonymous")]
    [InlineData("Dashboard", "Dashboard")]
    [InlineData("_private2", "_private2")]
    [InlineData("2fast", "invalid")]
    [InlineData("drop table", "invalid")]
    [InlineData("Ünicode", "invalid")]
    public void Operation_names_are_graphql_names_or_a_fixed_stand_in(string? sent, string label) =>
        Assert.Equal(label, OperationTiming.OperationName(sent));

    [Fact]
    public void A_name_longer_than_any_hand_written_one_is_invalid() =>
        Assert.Equal("invalid", OperationTiming.OperationName(new string('a', 101)));
}
