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
}
