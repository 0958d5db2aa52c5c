using System.Globalization;
using System.Text;
using ActionItems.Application;
using ActionItems.Application.Metrics;

namespace ActionItems.Api.Metrics;

/// <summary>
/// A <see cref="MetricsSnapshot"/> in the Prometheus text exposition format, version 0.0.4: for every family a
/// <c># HELP</c> and a <c># TYPE</c> line, even when it has no series, then one line per series. Enum label values are
/// spelled as in the API (<c>IN_PROGRESS</c>, <c>HIGH</c>, <c>PENDING_FILL</c>), so they match its filters.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Everything <c>/metrics</c> shows: the item gauges, then the sync gauges read at scrape time, then this process's
    /// counters and histograms (<see cref="MeterCollector"/>).
    /// </summary>
    public static string Write(MetricsSnapshot snapshot, SyncHealthSnapshot sync, IReadOnlyList<InstrumentSnapshot> instruments)
    {
        var text = new StringBuilder();
        WriteItems(text, snapshot);
        WriteSync(text, sync);
        foreach (var instrument in instruments)
        {
            WriteInstrument(text, instrument);
        }
        return text.ToString();
    }

    private static void WriteItems(StringBuilder text, MetricsSnapshot snapshot)
    {
        Family(text, "actionitems_open_items",
            "Action items in an open status (open, in progress, stalled), archived ones left out, by team (empty: none) and priority.",
            snapshot.OpenItems.Select(g => (TeamAndPriority(g), Number(g.Open))));
        Family(text, "actionitems_unassigned_items",
            "Open action items without an owner, archived ones left out, by team (empty: none) and priority.",
            snapshot.OpenItems.Select(g => (TeamAndPriority(g), Number(g.Unassigned))));
        Family(text, "actionitems_overdue_items",
            "Open action items whose due date is before today (UTC), archived ones left out, by team (empty: none) and priority.",
            snapshot.OpenItems.Select(g => (TeamAndPriority(g), Number(g.Overdue))));
        Family(text, "actionitems_items",
            "Action items by status, archived ones left out.",
            snapshot.ItemsByStatus.Select(s => (Labels(("status", ApiNames.Of(s.Status))), Number(s.Count))));
        Family(text, "actionitems_sync_links",
            "Tracker links by sync target and link state.",
            snapshot.SyncLinks.Select(l => (Labels(("target", l.Target), ("state", ApiNames.Of(l.State))), Number(l.Count))));
    }

    private static void WriteSync(StringBuilder text, SyncHealthSnapshot sync)
    {
        Family(text, "actionitems_sync_lag_seconds",
            "Seconds since the target's last successful poll (before its first one: since the target was configured).",
            sync.Targets.Select(t => (Target(t), Number(t.LagSeconds))));
        Family(text, "actionitems_tracker_calls_last_hour",
            "Tracker API calls of every process on the database during the last hour (counted per UTC minute), by target.",
            sync.Targets.Select(t => (Target(t), Number(t.CallsLastHour))));
        Family(text, "actionitems_tracker_rate_limit_remaining",
            "Requests left in the target's rate-limit budget as the tracker last stated it to this process (GitHub targets that were called).",
            sync.Targets.Where(t => t.RateLimitRemaining is not null).Select(t => (Target(t), Number(t.RateLimitRemaining!.Value))));
        Family(text, "actionitems_tracker_rate_limit_wait_seconds",
            "Seconds until the rate limit the tracker imposed on the target resets; 0 when sync is not waiting.",
            sync.Targets.Select(t => (Target(t), Number(t.RateLimitWaitSeconds))));
        Family(text, "actionitems_sync_conflicts_open",
            "Unresolved sync conflicts of the target's links.",
            sync.Targets.Select(t => (Target(t), Number(t.OpenConflicts))));
        Family(text, "actionitems_outbox_pending_messages",
            "Sync work waiting in the outbox, by kind (item-changed, link-push, remote-create).",
            sync.Outbox.Select(o => (Labels(("kind", o.Kind)), Number(o.Pending))));
        Family(text, "actionitems_outbox_oldest_pending_age_seconds",
            "Age in seconds of the oldest sync work waiting in the outbox; 0 when none is waiting.",
            [("", Number(sync.OldestPendingAgeSeconds))]);
    }

    private static void WriteInstrument(StringBuilder text, InstrumentSnapshot instrument)
    {
        var family = instrument.Family;
        Header(text, family.Name, family.Help, family.Type);
        foreach (var series in instrument.Series)
        {
            var labels = family.Labels.Zip(series.LabelValues, (name, value) => (name, value)).ToArray();
            if (family.Type != "histogram")
            {
                text.Append(family.Name).Append(Labels(labels)).Append(' ').Append(Number(series.Count)).Append('\n');
                continue;
            }
            foreach (var (upperBound, count) in series.Buckets)
            {
                text.Append(family.Name).Append("_bucket").Append(Labels([.. labels, ("le", Number(upperBound))])).Append(' ')
                    .Append(Number(count)).Append('\n');
            }
            text.Append(family.Name).Append("_bucket").Append(Labels([.. labels, ("le", "+Inf")])).Append(' ').Append(Number(series.Count)).Append('\n');
            text.Append(family.Name).Append("_sum").Append(Labels(labels)).Append(' ').Append(Number(series.Sum)).Append('\n');
            text.Append(family.Name).Append("_count").Append(Labels(labels)).Append(' ').Append(Number(series.Count)).Append('\n');
        }
    }

    private static string Target(SyncTargetGauge target) => Labels(("target", target.Target));

    /// <summary>A sample value: integers without a decimal point, other numbers in the shortest form that reads back exactly.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string TeamAndPriority(OpenItemGauge gauge) =>
        Labels(("team", gauge.Team), ("priority", ApiNames.Of(gauge.Priority)));

    private static void Family(StringBuilder text, string name, string help, IEnumerable<(string Labels, string Value)> series)
    {
        Header(text, name, help, "gauge");
        foreach (var (labels, value) in series)
        {
            text.Append(name).Append(labels).Append(' ').Append(value).Append('\n');
        }
    }

    private static void Header(StringBuilder text, string name, string help, string type)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>No labels at all is written as nothing, not <c>{}</c>.</summary>
    private static string Labels(params (string Name, string Value)[] labels) => labels.Length == 0
        ? ""
        : "{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{EscapeLabelValue(l.Value)}\"")) + "}";

    /// <summary>The format's escapes in a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The format's escapes in a HELP text: backslash and line feed.</summary>
    private static string EscapeHelp(string help) => help
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);
}
