using System.Diagnostics;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using Xunit.Abstractions;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// issue 13: a line of tens of thousands of list markers is cut to the list depth limit before Markdig parses it
/// (Markdig took over 2 s on 50,000 of them before refusing), so the deepest item is still read, as a list item.
/// </summary>
[Collection(TimingCollection.Name)]
public class MarkdownNestingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("- ")]
    [InlineData("* ")]
    [InlineData("1. ")]
    [InlineData("> ")]
    public void Fifty_thousand_markers_on_one_line_are_flattened_to_the_depth_limit_with_a_warning(string marker)
    {
        var text = "# X\n\n## Action items\n\n- Add disk alerts\n" + string.Concat(Enumerable.Repeat(marker, 50_000)) + "- deepest item\n";

        var stopwatch = Stopwatch.StartNew();
        var result = PostmortemExtractor.Extract(text, DocumentFormat.Markdown);
        output.WriteLine($"'{marker}' × 50,000: {stopwatch.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Contains(result.Warnings, w => w.Contains($"nested deeper than {ExtractionContext.MaxListDepth} levels were flattened", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("read as plain text", StringComparison.Ordinal));
        Assert.Contains(result.Actionables, a => a.Title == "Add disk alerts");
    }

    [Fact]
    public void A_list_item_nested_fifty_thousand_deep_on_one_line_is_still_an_actionable()
    {
        var text = "# X\n\n## Action items\n\n" + string.Concat(Enumerable.Repeat("- ", 50_000)) + "deepest item\n";

        var result = PostmortemExtractor.Extract(text, DocumentFormat.Markdown);

        // Read as the Markdown it is (a list item whose only content is its nested items), not as plain text.
        Assert.Contains(result.Actionables, a => a.Description == "deepest item");
        Assert.Contains(result.Warnings, w => w.Contains("were flattened", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("read as plain text", StringComparison.Ordinal));
    }

    [Fact]
    public void Ordinary_nesting_is_left_as_it_is()
    {
        var text = "# X\n\n## Action items\n\n- Add disk alerts\n  - Rotate logs\n- - Two markers\n";

        var result = PostmortemExtractor.Extract(text, DocumentFormat.Markdown);

        Assert.DoesNotContain(result.Warnings, w => w.Contains("flattened", StringComparison.Ordinal));
        Assert.Contains(result.Actionables, a => a.Title == "Add disk alerts");
    }
}
