using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

public class TimelineTests
{
    [Theory]
    [InlineData("- 10:00 zookeeper restarted", "zookeeper restarted")]
    [InlineData("- 10:00 gmtime drift noticed", "gmtime drift noticed")]
    [InlineData("- 10:00 Z zookeeper restarted", "zookeeper restarted")]
    [InlineData("- 10:00 UTC: utc clocks agree", "utc clocks agree")]
    public void A_word_after_the_time_that_starts_like_a_zone_keeps_its_first_letters(string line, string text)
    {
        var result = PostmortemExtractor.Extract($"# Queue outage\n\n## Timeline\n\n{line}\n", DocumentFormat.Markdown);

        Assert.Equal(text, Assert.Single(result.Timeline).Text);
    }

    // The hand-read timeline line against the pattern it replaces: the same groups in the same places, or no match for
    // both. The cases walk each piece of the pattern, its greedy choices and where it gives back.
    [Theory]
    [InlineData("10:00 zookeeper restarted")]
    [InlineData("9:05 one digit hour")]
    [InlineData("123:45 three digit hour")]
    [InlineData("1:2 short minutes")]
    [InlineData("10:000 three digit minutes")]
    [InlineData("10:00:5x partial seconds")]
    [InlineData("10:00:59 seconds")]
    [InlineData("10:00:59.123456789 long fraction")]
    [InlineData("10:00. dot without digits")]
    [InlineData("[10:00] bracketed")]
    [InlineData("[ 10:00 ]: bracketed with blanks")]
    [InlineData("[[10:00 two brackets")]
    [InlineData("2024-10-09 05:22:59 dated")]
    [InlineData("2024-10-09T05:22:59Z iso")]
    [InlineData("2024-10-09t05:22 lower t")]
    [InlineData("2024-10-09, 05:22 comma")]
    [InlineData("2024-10-09 ,T t 05:22 mixed run")]
    [InlineData("2024-10-0905:22 no separator")]
    [InlineData("2024-10-09 no time")]
    [InlineData("2024-10-09 12 no colon")]
    [InlineData("2024-1-09 05:22 short month")]
    [InlineData("10:00 Z zookeeper")]
    [InlineData("10:00 zookeeper")]
    [InlineData("10:00Z")]
    [InlineData("10:00 z1 digit after zone")]
    [InlineData("10:00 UTC: utc clocks agree")]
    [InlineData("10:00 utc-ish")]
    [InlineData("10:00 gmtime drift")]
    [InlineData("10:00 GMT | piped")]
    [InlineData("10:00 uTc — dashed")]
    [InlineData("10:00 – en dash")]
    [InlineData("10:00 -- two dashes")]
    [InlineData("10:00 ::")]
    [InlineData("10:00 Zä non-ASCII after the zone")]
    [InlineData("10:00 ütc non-ASCII in the zone")]
    [InlineData("10:00 \u212Aelvin sign")]
    [InlineData("10:00 z\u212Aone: the Kelvin sign inside a zone word, which the case-insensitive pattern refuses")]
    [InlineData("10:00 UTC\u212A x: the Kelvin sign right after the zone")]
    [InlineData("2024-10-09\u0130 05:22 non-ASCII after the date")]
    [InlineData("10:00\u00a0non-breaking space")]
    [InlineData("10:00\u2003UTC\u2003em spaces")]
    [InlineData("10:00 first line\nsecond line")]
    [InlineData("10:00 \nafter a line feed")]
    [InlineData("10:00 ends with a line feed\n")]
    [InlineData("10:00")]
    [InlineData("10:00   ")]
    [InlineData("10:00 ]")]
    [InlineData("1")]
    [InlineData("12:")]
    [InlineData("[")]
    [InlineData("")]
    [InlineData("\u0000 10:00 nul")]
    [InlineData("10:00\u0000 nul after")]
    [InlineData("١٠:٠٠ Arabic-Indic digits")]
    public void A_hand_read_timeline_line_has_the_entry_patterns_groups(string line)
    {
        Assert.Equal(TimelineExtractor.ReadEntryByPattern(line), TimelineExtractor.ReadEntry(line));
    }
}
