using ActionItems.Api.Metrics;
using ActionItems.Application.Metrics;
using ActionItems.Core;
using ActionItems.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Metrics;

public class PrometheusTextTests
{
    [Theory]
    [InlineData("sre", "sre")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    [InlineData("", "")]
    public void Label_values_escape_backslash_double_quote_and_line_feed(string value, string expected) =>
        Assert.Equal(expected, PrometheusText.EscapeLabelValue(value));

    [Fact]
    public void Every_series_line_is_name_labels_space_value_and_every_family_has_help_and_type()
    {
        var text = PrometheusText.Write(new MetricsSnapshot(
            [new OpenItemGauge("", Priority.Unbreak, 12, 3, 0)],
            [new StatusCount(ActionItemStatus.InProgress, 7)],
            [new SyncLinkCount("wiki\"media", TrackerLinkState.PendingCreate, 2)]), SyncHealthSnapshot.Empty, []);

        var lines = text.Split('\n');
        Assert.Equal("", lines[^1]); // the text ends with a line feed
        Assert.Contains("actionitems_open_items{team=\"\",priority=\"UNBREAK\"} 12", lines);
        Assert.Contains("actionitems_unassigned_items{team=\"\",priority=\"UNBREAK\"} 3", lines);
        Assert.Contains("actionitems_overdue_items{team=\"\",priority=\"UNBREAK\"} 0", lines);
        Assert.Contains("actionitems_items{status=\"IN_PROGRESS\"} 7", lines);
        Assert.Contains("actionitems_sync_links{target=\"wiki\\\"media\",state=\"PENDING_CREATE\"} 2", lines);
        var families = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(["actionitems_open_items", "actionitems_unassigned_items", "actionitems_overdue_items", "actionitems_items", "actionitems_sync_links",
            // The sync families follow, with no series when no target is configured, but the outbox age.
            "actionitems_sync_lag_seconds", "actionitems_tracker_calls_last_hour", "actionitems_tracker_rate_limit_remaining",
            "actionitems_tracker_rate_limit_wait_seconds", "actionitems_sync_conflicts_open", "actionitems_outbox_pending_messages",
            "actionitems_outbox_oldest_pending_age_seconds"], families);
        Assert.All(families, f => Assert.Contains(lines, l => l.StartsWith($"# HELP {f} ", StringComparison.Ordinal)));
        // The one unlabelled series; every other is name{labels} value.
        Assert.Contains("actionitems_outbox_oldest_pending_age_seconds 0", lines);
        Assert.All(lines.Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("actionitems_outbox_oldest_pending_age_seconds ", StringComparison.Ordinal)),
            l => Assert.Matches("^[a-z_]+\\{.*\\} [0-9]+$", l));
    }
}

public class MetricsTokenTests
{
    private const string Secret = "0123456789abcdef-secret";

    [Fact]
    public void Only_the_configured_token_matches()
    {
        var token = MetricsToken.FromConfiguration(Configuration(Secret));

        Assert.True(token.IsConfigured);
        Assert.True(token.Matches(Secret));
        Assert.False(token.Matches(Secret + "x"));
        Assert.False(token.Matches(Secret[..^1]));
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(null));
    }

    [Fact]
    public void Unset_matches_nothing()
    {
        var token = MetricsToken.FromConfiguration(Configuration(null));

        Assert.False(token.IsConfigured);
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(Secret));
    }

    [Theory]
    [InlineData("too-short", "shorter than 16 characters")]
    [InlineData("0123456789abcdef 0123", "contains whitespace")]
    public void A_weak_token_is_a_configuration_error_that_does_not_repeat_it(string secret, string problem)
    {
        var e = Assert.Throws<ConfigurationErrorException>(() => MetricsToken.FromConfiguration(Configuration(secret)));

        Assert.Equal(MetricsToken.Key, e.Key);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, e.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? secret) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(MetricsToken.Key, secret)]).Build();
}
