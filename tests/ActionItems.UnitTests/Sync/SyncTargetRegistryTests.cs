using ActionItems.Core;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Sync;

public class SyncTargetRegistryTests
{
    private const string Secret = "api-supersecrettoken123";

    private static SyncTargetRegistry Read(params (string Key, string Value)[] settings) =>
        SyncTargetRegistry.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build());

    private static (string, string)[] Valid(int index = 0, string name = "wikimedia") =>
    [
        ($"Sync:Targets:{index}:Kind", "Phabricator"),
        ($"Sync:Targets:{index}:Name", name),
        ($"Sync:Targets:{index}:BaseUrl", "https://phabricator.example.org"),
        ($"Sync:Targets:{index}:Token", Secret),
    ];

    [Fact]
    public void A_complete_target_is_read_with_its_maps_tags_and_policy()
    {
        var registry = Read([.. Valid(),
            ("Sync:Targets:0:ProjectTags:0", "SRE"), ("Sync:Targets:0:ProjectTags:1", "incident-followup"),
            ("Sync:Targets:0:PushPolicy", "NewItemsWithTag:sre"), ("Sync:Targets:0:PollInterval", "00:15:00"),
            ("Sync:Targets:0:StatusMap:needs-info", "Stalled"), ("Sync:Targets:0:PriorityMap:triage", "Medium"),
            ("Sync:Targets:0:WebhookSecret", "hmac-key")]);

        var target = Assert.Single(registry.Targets);
        Assert.Equal((TrackerKind.Phabricator, "wikimedia", TimeSpan.FromMinutes(15), "hmac-key"),
            (target.Kind, target.Name, target.PollInterval, target.WebhookSecret));
        Assert.Equal(["sre", "incident-followup"], target.ProjectTags);
        Assert.Equal(ActionItemStatus.Stalled, target.StatusMap["needs-info"]);
        Assert.Equal(Priority.Medium, target.PriorityMap["triage"]);
        Assert.Same(target, registry.Find("WIKIMEDIA"));
    }

    [Fact]
    public void No_targets_configured_is_valid()
    {
        Assert.Empty(Read().Targets);
    }

    [Theory]
    [InlineData("Kind", "Jira", "Sync:Targets:0:Kind")]
    [InlineData("BaseUrl", "phabricator.example.org", "Sync:Targets:0:BaseUrl")]
    [InlineData("Token", "", "Sync:Targets:0:Token")]
    [InlineData("PushPolicy", "Everything", "Sync:Targets:0:PushPolicy")]
    [InlineData("PushPolicy", "NewItemsWithTag:", "Sync:Targets:0:PushPolicy")]
    [InlineData("PollInterval", "00:07:00", "Sync:Targets:0:PollInterval")]
    [InlineData("PollInterval", "soon", "Sync:Targets:0:PollInterval")]
    [InlineData("StatusMap:open", "Opened", "Sync:Targets:0:StatusMap:open")]
    [InlineData("PriorityMap:high", "3", "Sync:Targets:0:PriorityMap:high")]
    [InlineData("Tokn", "x", "Sync:Targets:0:Tokn")]
    [InlineData("Name", "two words", "Sync:Targets:0:Name")]
    public void A_bad_setting_is_reported_with_its_key(string setting, string value, string expectedKey)
    {
        var settings = Valid().Where(s => s.Item1 != $"Sync:Targets:0:{setting}").Append(($"Sync:Targets:0:{setting}", value)).ToArray();

        var error = Assert.Throws<ConfigurationErrorException>(() => Read(settings));

        Assert.Equal(expectedKey, error.Key);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_key_gets_its_own_message()
    {
        var error = Assert.Throws<ConfigurationErrorException>(() => Read(
            ("Sync:Targets:0:Kind", "Jira"), ("Sync:Targets:0:Name", "a"), ("Sync:Targets:0:BaseUrl", "nope"), ("Sync:Targets:0:Token", Secret)));

        Assert.Equal("Sync:Targets:0:Kind", error.Key);
        Assert.Contains("Sync:Targets:0:BaseUrl:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_targets_with_one_name_are_refused()
    {
        var error = Assert.Throws<ConfigurationErrorException>(() => Read([.. Valid(0, "phab"), .. Valid(1, "PHAB")]));

        Assert.Contains("'phab' names more than one target", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_token_never_appears_in_the_description_of_a_target()
    {
        var target = Read(Valid()).Targets[0];

        Assert.DoesNotContain(Secret, target.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00", "* * * * *")]
    [InlineData("00:05:00", "*/5 * * * *")]
    [InlineData("01:00:00", "0 * * * *")]
    [InlineData("06:00:00", "0 */6 * * *")]
    [InlineData("1.00:00:00", "0 0 * * *")]
    public void Poll_intervals_become_cron_schedules(string interval, string cron)
    {
        Assert.Equal(cron, SyncTargetRegistry.PollCron(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
