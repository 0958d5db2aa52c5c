using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// issue 18 step 3: the section finder on shapes the fixed list of names missed. Inputs are small and hand-written,
/// modelled on a failure class, never copies of the corpus.
/// </summary>
public class SectionFinderTests
{
    private static List<string> Titles(string markdown) =>
        PostmortemExtractor.Extract(markdown, DocumentFormat.Markdown).Actionables.Select(a => a.Title).ToList();

    // Class 8: a heading outside the fixed names is decided from its words.
    [Theory]
    [InlineData("Future work and product improvements")]
    [InlineData("What we're doing about it")]
    [InlineData("What we’re changing")]
    [InlineData("Remedial Measures:")]
    [InlineData("Recommendations:")]
    [InlineData("Improvement plan")]
    [InlineData("Preventive steps we will take")]
    public void A_heading_with_a_forward_looking_word_holds_actionables(string heading)
    {
        var text = $"# Outage\n\n## Summary\n\nThe queue stalled.\n\n## {heading}\n\n- Add a queue depth alert\n- Shard the broker\n\n## Timeline\n\n- 10:00 queue stalls\n";

        Assert.Equal(["Add a queue depth alert", "Shard the broker"], Titles(text));
    }

    [Theory]
    [InlineData("How did we fix it?")]
    [InlineData("Follow-up timeline")]
    [InlineData("Questions for follow up")]
    [InlineData("Actions taken during the incident")]
    [InlineData("A rolling restart of the broker fleet did not fix the problem")]
    public void A_question_a_backward_looking_heading_or_a_sentence_is_not_an_actionables_section(string heading)
    {
        var text = $"# Outage\n\n## {heading}\n\n- Restarted the broker\n- Drained the queue\n";

        Assert.Empty(Titles(text));
    }
}
