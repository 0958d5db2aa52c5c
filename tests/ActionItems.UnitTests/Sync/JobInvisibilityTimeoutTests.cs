using ActionItems.Core;
using ActionItems.Sync.Hosting;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Sync;

public class JobInvisibilityTimeoutTests
{
    [Fact]
    public void Unset_gives_five_minutes() => Assert.Equal(TimeSpan.FromMinutes(5), JobInvisibilityTimeout.FromConfiguration(Configuration(null)));

    [Fact]
    public void A_duration_is_taken() => Assert.Equal(TimeSpan.FromSeconds(30), JobInvisibilityTimeout.FromConfiguration(Configuration("00:00:30")));

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:01")]
    [InlineData("2.00:00:00")]
    public void Anything_else_is_a_configuration_error_naming_the_key(string value)
    {
        var e = Assert.Throws<ConfigurationErrorException>(() => JobInvisibilityTimeout.FromConfiguration(Configuration(value)));
        Assert.Equal("Jobs:InvisibilityTimeout", e.Key);
        Assert.Contains(value, e.Problem, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [JobInvisibilityTimeout.Key] = value }).Build();
}
