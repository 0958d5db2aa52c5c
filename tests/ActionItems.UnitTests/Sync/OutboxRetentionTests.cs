using ActionItems.Core;
using ActionItems.Sync.Jobs;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Sync;

public class OutboxRetentionTests
{
    private static OutboxRetention Read(string? value) => OutboxRetention.FromConfiguration(new ConfigurationBuilder()
        .AddInMemoryCollection([KeyValuePair.Create(OutboxRetention.Key, value)]).Build());

    [Fact]
    public void Unset_keeps_processed_rows_seven_days_and_a_duration_sets_it()
    {
        Assert.Equal(TimeSpan.FromDays(7), Read(null).Processed);
        Assert.Equal(TimeSpan.FromHours(36), Read("1.12:00:00").Processed);
        Assert.Equal(TimeSpan.FromDays(30), Read("30").Processed); // a bare number is days
    }

    [Fact]
    public void More_than_ten_years_is_a_configuration_error()
    {
        var error = Assert.Throws<ConfigurationErrorException>(() => Read("1000000.00:00:00"));
        Assert.Equal("Sync:ProcessedOutboxRetention: '1000000.00:00:00' is longer than 3650 days", error.Message);
    }

    [Theory]
    [InlineData("a week")]
    [InlineData("00:00:00")]
    [InlineData("-1.00:00:00")]
    public void Anything_but_a_positive_duration_is_a_configuration_error_naming_the_key(string value)
    {
        var error = Assert.Throws<ConfigurationErrorException>(() => Read(value));
        Assert.Equal($"Sync:ProcessedOutboxRetention: '{value}' is not a positive duration (d.hh:mm:ss, e.g. 7.00:00:00)", error.Message);
    }
}
