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

    public static string Write(MetricsSnapshot snapshot)
    {
        var text = new StringBuilder();
        Family(text, "actionitems_open_items",
            "Action items in an open status (open, in progress, stalled), archived ones left out, by team (empty: none) and priority.",
            snapshot.OpenItems.Select(g => (TeamAndPriority(g), g.Open)));
        Family(text, "actionitems_unassigned_items",
            "Open action items without an owner, archived ones left out, by team (empty: none) and priority.",
            snapshot.OpenItems.Select(g => (TeamAndPriority(g), g.Unassigned)));
        Family(text, "actionitems_overdue_items",
            "Open action items whose due date is before today (UTC), archived ones left out, by team (empty: none) and priority.",
            snapshot.OpenItems.Select(g => (TeamAndPriority(g), g.Overdue)));
        Family(text, "actionitems_items",
            "Action items by status, archived ones left out.",
            snapshot.ItemsByStatus.Select(s => (Labels(("status", ApiNames.Of(s.Status))), s.Count)));
        Family(text, "actionitems_sync_links",
            "Tracker links by sync target and link state.",
            snapshot.SyncLinks.Select(l => (Labels(("target", l.Target), ("state", ApiNames.Of(l.State))), l.Count)));
        return text.ToString();
    }

    private static string TeamAndPriority(OpenItemGauge gauge) =>
        Labels(("team", gauge.Team), ("priority", ApiNames.Of(gauge.Priority)));

    private static void Family(StringBuilder text, string name, string help, IEnumerable<(string Labels, int Value)> series)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" gauge\n");
        foreach (var (labels, value) in series)
        {
            text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Labels(params (string Name, string Value)[] labels) =>
        "{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{EscapeLabelValue(l.Value)}\"")) + "}";

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
