using ActionItems.Core;
using ActionItems.Sync.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary><c>Sync:GitHub:WriteSpacing</c>: GitHub's second by default, configurable within bounds, a bad value named at start.</summary>
public class GitHubWriteSpacingTests
{
    private static HostApplicationBuilder Builder(string? spacing)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (spacing is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [GitHubClientOptions.WriteSpacingKey] = spacing });
        }
        return builder;
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData("00:00:00.050", 50)]
    [InlineData("00:00:00", 0)]
    public void The_spacing_is_a_second_unless_configured(string? configured, int expectedMilliseconds)
    {
        var builder = Builder(configured);
        builder.AddGitHubConnector();
        using var host = builder.Build();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), host.Services.GetRequiredService<IOptions<GitHubClientOptions>>().Value.WriteSpacing);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:01:00.001")]
    [InlineData("fast")]
    public void A_spacing_out_of_bounds_stops_the_start_naming_the_key(string configured)
    {
        var refused = Assert.Throws<ConfigurationErrorException>(() => Builder(configured).AddGitHubConnector());

        Assert.Equal(GitHubClientOptions.WriteSpacingKey, refused.Key);
        Assert.Contains($"'{configured}'", refused.Problem, StringComparison.Ordinal);
    }
}
