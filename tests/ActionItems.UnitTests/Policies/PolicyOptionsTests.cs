using ActionItems.Api.Hosting;
using ActionItems.Application.Policies;
using ActionItems.Core;
using ActionItems.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Policies;

public class PolicyOptionsTests
{
    private static PolicyOptions Read(params (string Key, string Value)[] settings) =>
        PolicyOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Without_configuration_the_three_default_rules_apply_and_no_digest_is_sent()
    {
        var options = Read();

        Assert.Equal(
            [
                ("owner-within-7-days", PolicyKind.OwnerWithin, 7, ""),
                ("high-resolved-within-30-days", PolicyKind.ResolvedWithin, 30, "High,Unbreak"),
                ("final-postmortem-linked", PolicyKind.LinkedWhenFinal, 0, ""),
            ],
            options.Rules.Select(r => (r.Name, r.Kind, r.Days, string.Join(",", r.Priorities))));
        Assert.Equal("Every High/Unbreak item is resolved within 30 day(s) of being opened", options.Rules[1].Description);
        Assert.Equal((null, 8, 5, TimeSpan.FromSeconds(10)),
            (options.Digest.WebhookUrl, options.Digest.Hour, options.Digest.TopItems, options.Digest.Timeout));
    }

    [Fact]
    public void Configured_rules_replace_the_defaults_and_priorities_may_be_a_list_or_one_comma_separated_value()
    {
        var options = Read(
            ("Policies:Rules:0:Name", "owner-in-3"), ("Policies:Rules:0:Kind", "ownerwithin"), ("Policies:Rules:0:Days", "3"),
            ("Policies:Rules:1:Name", "due-dates"), ("Policies:Rules:1:Kind", "DueDateSet"), ("Policies:Rules:1:Days", "14"),
            ("Policies:Rules:1:Priorities:0", "High"), ("Policies:Rules:1:Priorities:1", "Unbreak"),
            ("Policies:Rules:2:Name", "urgent"), ("Policies:Rules:2:Kind", "ResolvedWithin"), ("Policies:Rules:2:Days", "2"),
            ("Policies:Rules:2:Priorities", "Unbreak, High"),
            ("Policies:Digest:WebhookUrl", "https://hooks.example.org/services/T1/B2/secret"), ("Policies:Digest:Hour", "6"));

        Assert.Equal(["owner-in-3", "due-dates", "urgent"], options.Rules.Select(r => r.Name));
        Assert.Equal([PolicyKind.OwnerWithin, PolicyKind.DueDateSet, PolicyKind.ResolvedWithin], options.Rules.Select(r => r.Kind));
        Assert.Equal([Priority.High, Priority.Unbreak], options.Rules[1].Priorities);
        Assert.Equal([Priority.Unbreak, Priority.High], options.Rules[2].Priorities);
        Assert.Equal(("hooks.example.org", 6), (options.Digest.WebhookUrl!.Host, options.Digest.Hour));
        Assert.Same(options.Rules[2], options.Find("URGENT"));
    }

    [Theory]
    [InlineData("Policies:Rules:0:Kind", "Sometimes", "Policies:Rules:0:Kind", "'Sometimes' is not a policy kind (one of OwnerWithin, ResolvedWithin, LinkedWhenFinal, DueDateSet)")]
    [InlineData("Policies:Rules:0:Kind", "1", "Policies:Rules:0:Kind", "'1' is not a policy kind")]
    [InlineData("Policies:Rules:0:Days", "seven", "Policies:Rules:0:Days", "'seven' is not a whole number of days from 0 to 3650")]
    [InlineData("Policies:Rules:0:Days", "-1", "Policies:Rules:0:Days", "'-1' is not a whole number of days")]
    [InlineData("Policies:Rules:0:Days", "99999", "Policies:Rules:0:Days", "'99999' is not a whole number of days")]
    [InlineData("Policies:Rules:0:Priorities:0", "Urgent", "Policies:Rules:0:Priorities:0", "'Urgent' is not a priority")]
    [InlineData("Policies:Rules:0:Dayz", "7", "Policies:Rules:0:Dayz", "unknown setting (expected one of Name, Kind, Days, Priorities)")]
    [InlineData("Policies:Rule:0:Name", "x", "Policies:Rule", "unknown setting (expected one of Rules, Digest)")]
    [InlineData("Policies:Digest:WebhookUrl", "hooks.example.org/secret", "Policies:Digest:WebhookUrl", "needs an absolute http(s) URL")]
    [InlineData("Policies:Digest:Hour", "24", "Policies:Digest:Hour", "'24' is not a whole number from 0 to 23")]
    [InlineData("Policies:Digest:Url", "https://x", "Policies:Digest:Url", "unknown setting")]
    public void A_bad_setting_stops_start_up_naming_its_key(string key, string value, string namedKey, string problem)
    {
        var settings = new Dictionary<string, string>
        {
            ["Policies:Rules:0:Name"] = "owners",
            ["Policies:Rules:0:Kind"] = "OwnerWithin",
            ["Policies:Rules:0:Days"] = "7",
        };
        settings[key] = value;

        var error = Assert.Throws<ConfigurationErrorException>(() => Read([.. settings.Select(s => (s.Key, s.Value))]));

        Assert.Equal(namedKey, error.Key);
        Assert.StartsWith(problem, error.Problem, StringComparison.Ordinal);
        // The webhook URL is a credential: a problem never repeats it.
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_needs_a_name_and_a_kind_names_are_unique_and_days_are_required_except_for_linking()
    {
        Assert.Equal("Policies:Rules:0:Name", Assert.Throws<ConfigurationErrorException>(() =>
            Read(("Policies:Rules:0:Kind", "OwnerWithin"), ("Policies:Rules:0:Days", "7"))).Key);
        Assert.Equal("Policies:Rules:0:Kind", Assert.Throws<ConfigurationErrorException>(() =>
            Read(("Policies:Rules:0:Name", "a"), ("Policies:Rules:0:Days", "7"))).Key);
        Assert.Equal("Policies:Rules:0:Days", Assert.Throws<ConfigurationErrorException>(() =>
            Read(("Policies:Rules:0:Name", "a"), ("Policies:Rules:0:Kind", "OwnerWithin"))).Key);
        var duplicate = Assert.Throws<ConfigurationErrorException>(() => Read(
            ("Policies:Rules:0:Name", "same"), ("Policies:Rules:0:Kind", "LinkedWhenFinal"),
            ("Policies:Rules:1:Name", "SAME"), ("Policies:Rules:1:Kind", "LinkedWhenFinal")));
        Assert.Equal(("Policies:Rules:*:Name", "'same' names more than one rule"), (duplicate.Key, duplicate.Problem));

        var linking = Read(("Policies:Rules:0:Name", "linked"), ("Policies:Rules:0:Kind", "LinkedWhenFinal"));
        Assert.Equal(0, linking.Rules.Single().Days);
    }

    [Fact]
    public void Policies_keys_are_configuration_the_command_line_accepts()
    {
        Assert.True(ConfigurationKeys.IsKnown("Policies:Rules:0:Kind"));
        Assert.True(ConfigurationKeys.IsKnown("Policies:Digest:WebhookUrl"));
    }
}
