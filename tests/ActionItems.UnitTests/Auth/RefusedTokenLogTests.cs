using ActionItems.Api.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.UnitTests.Auth;

public class RefusedTokenLogTests
{
    [Fact]
    public void A_prefix_warns_once_a_window_and_repeats_at_debug()
    {
        var clock = new FakeTimeProvider();
        var log = new RefusedTokenLog(clock);

        Assert.Equal(LogLevel.Warning, log.LevelFor("ai_AAAAAAA"));
        Assert.Equal(LogLevel.Debug, log.LevelFor("ai_AAAAAAA"));
        Assert.Equal(LogLevel.Warning, log.LevelFor("ai_BBBBBBB"));
        clock.Advance(RefusedTokenLog.Window - TimeSpan.FromSeconds(1));
        Assert.Equal(LogLevel.Debug, log.LevelFor("ai_AAAAAAA"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LogLevel.Warning, log.LevelFor("ai_AAAAAAA"));
    }

    [Fact]
    public void Past_the_tracked_prefixes_new_ones_go_to_debug_until_old_ones_expire()
    {
        var clock = new FakeTimeProvider();
        var log = new RefusedTokenLog(clock);
        for (var i = 0; i < RefusedTokenLog.MaxTrackedPrefixes; i++)
        {
            Assert.Equal(LogLevel.Warning, log.LevelFor($"ai_{i:D7}"));
        }

        Assert.Equal(LogLevel.Debug, log.LevelFor("ai_NEWNEWN"));
        clock.Advance(RefusedTokenLog.Window);
        Assert.Equal(LogLevel.Warning, log.LevelFor("ai_NEWNEWN"));
    }

    [Fact]
    public void A_full_table_is_swept_at_most_once_a_window()
    {
        var clock = new FakeTimeProvider();
        var log = new RefusedTokenLog(clock);
        Assert.Equal(LogLevel.Warning, log.LevelFor("ai_EARLIER"));
        clock.Advance(RefusedTokenLog.Window / 2);
        for (var i = 1; i < RefusedTokenLog.MaxTrackedPrefixes; i++)
        {
            Assert.Equal(LogLevel.Warning, log.LevelFor($"ai_{i:D7}"));
        }
        // Full: this sweep finds nothing expired.
        Assert.Equal(LogLevel.Debug, log.LevelFor("ai_NEWNEWN"));

        clock.Advance(RefusedTokenLog.Window / 2);
        // ai_EARLIER has expired, but the last sweep was only half a window ago: no scan, the table stays full.
        Assert.Equal(LogLevel.Debug, log.LevelFor("ai_NEWNEWN"));
        Assert.Equal(LogLevel.Debug, log.LevelFor("ai_0000001"));

        clock.Advance(RefusedTokenLog.Window / 2);
        Assert.Equal(LogLevel.Warning, log.LevelFor("ai_NEWNEWN"));
    }
}
