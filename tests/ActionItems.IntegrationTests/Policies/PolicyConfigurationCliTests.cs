using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Policies;

/// <summary>A bad <c>Policies</c> setting stops the real binary at start with exit code 3 and one line naming the key.</summary>
public class PolicyConfigurationCliTests
{
    [Fact]
    public async Task An_unknown_rule_kind_stops_serve_with_one_line_naming_the_key()
    {
        var sqlite = Path.Combine(Path.GetTempPath(), $"actionitems-cli-{Guid.NewGuid():N}", "actionitems.db");
        var result = await CliProcess.RunAsync(new Dictionary<string, string?>
        {
            ["Database__SqlitePath"] = sqlite,
            ["Policies__Rules__0__Name"] = "owners",
            ["Policies__Rules__0__Kind"] = "OwnerWithin",
        }, "serve", "--Policies:Rules:0:Days=a week");

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: Policies:Rules:0:Days: 'a week' is not a whole number of days from 0 to 3650", line);
    }
}
