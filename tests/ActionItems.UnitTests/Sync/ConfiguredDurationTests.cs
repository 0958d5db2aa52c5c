using ActionItems.Core;

namespace ActionItems.UnitTests.Sync;

/// <summary>The shared duration reader behind the sync's duration settings (invisibility timeout, write spacing, webhook age, retention).</summary>
public class ConfiguredDurationTests
{
    private const string Key = "Sync:Example";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_gives_the_default(string? text) =>
        Assert.Equal(TimeSpan.FromHours(1), Read(text));

    [Theory]
    [InlineData("00:00:05", 5)]
    [InlineData("00:01:00", 60)]
    [InlineData("00:00:30", 30)]
    public void A_duration_within_the_bounds_is_taken_the_bounds_included(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Read(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:04")]
    [InlineData("-00:00:10")]
    public void Not_a_duration_or_too_short_names_the_key_and_what_is_expected(string text)
    {
        var e = Assert.Throws<ConfigurationErrorException>(() => Read(text));
        Assert.Equal(Key, e.Key);
        Assert.Equal($"'{text}' is not a duration from 00:00:05 to 00:01:00", e.Problem);
    }

    [Fact]
    public void Too_long_says_so_when_the_setting_has_its_own_words_for_it()
    {
        Assert.Equal("'00:02:00' is not a duration from 00:00:05 to 00:01:00",
            Assert.Throws<ConfigurationErrorException>(() => Read("00:02:00")).Problem);
        Assert.Equal("'00:02:00' is longer than a minute",
            Assert.Throws<ConfigurationErrorException>(() => Read("00:02:00", tooLong: "is longer than a minute")).Problem);
    }

    [Fact]
    public void Positive_refuses_zero() =>
        Assert.Throws<ConfigurationErrorException>(() =>
            ConfiguredDuration.Read(Key, "00:00:00", TimeSpan.FromHours(1), ConfiguredDuration.Positive, TimeSpan.MaxValue, "a positive duration"));

    private static TimeSpan Read(string? text, string? tooLong = null) =>
        ConfiguredDuration.Read(Key, text, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1),
            "a duration from 00:00:05 to 00:01:00", tooLong);
}
