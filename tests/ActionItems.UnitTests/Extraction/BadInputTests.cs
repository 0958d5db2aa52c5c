using System.Diagnostics;
using System.Text;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>Hostile or broken input gives a clear error or a best-effort result, fast, never a crash or a hang.</summary>
[Collection(TimingCollection.Name)]
public class BadInputTests
{
    // The budget is CPU time of this process, not wall time: other processes on a loaded machine (CI
    // runners, parallel builds) must not fail it, while a super-linear pattern still would by far.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static TimeSpan ProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static ExtractionResult ExtractWithinBudget(string text, DocumentFormat? hint = null)
    {
        // A service extracts in a warm process; the first call of a process also pays for JIT and regex set-up.
        foreach (var seed in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Extraction", "Seeds"), "*.txt"))
        {
            PostmortemExtractor.Extract(File.ReadAllText(seed));
        }

        PostmortemExtractor.Extract("<html><body><h2>Actionables</h2><ul><li>x</li></ul><table><tr><td>a</td></tr></table></body></html>");

        // The same kind of input once more, untimed, so that the timed call runs the code paths it needs
        // optimised (tiered JIT) as a long-running service does, not their first unoptimised compilation.
        try
        {
            PostmortemExtractor.Extract(text, hint);
        }
        catch (ExtractionException)
        {
        }

        var stopwatch = Stopwatch.StartNew();
        var cpuBefore = ProcessCpuTime();
        var result = PostmortemExtractor.Extract(text, hint);
        var cpu = ProcessCpuTime() - cpuBefore;
        Assert.True(cpu < Budget && stopwatch.Elapsed < HangGuard, $"took {cpu} CPU, {stopwatch.Elapsed} wall");
        return result;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\n ")]
    [InlineData("\uFEFF")]
    public void Empty_document_is_a_clear_error(string text)
    {
        var error = Assert.Throws<ExtractionException>(() => PostmortemExtractor.Extract(text));
        Assert.Equal("the document is empty", error.Message);
    }

    [Fact]
    public void Binary_document_is_a_clear_error()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var text = Encoding.Latin1.GetString(bytes) + "\0";

        var error = Assert.Throws<ExtractionException>(() => PostmortemExtractor.Extract(text));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Twenty_megabyte_document_is_a_clear_error_within_the_budget()
    {
        var text = new StringBuilder().Insert(0, "* Add disk alerts and rotate the logs daily\n", 20 * 1024 * 1024 / 44).ToString();
        var stopwatch = Stopwatch.StartNew();

        var error = Assert.Throws<ExtractionException>(() => PostmortemExtractor.Extract("== Actionables ==\n" + text));

        Assert.True(stopwatch.Elapsed < Budget);
        Assert.Contains("more than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DocumentFormat.Wikitext)]
    [InlineData(DocumentFormat.Markdown)]
    [InlineData(DocumentFormat.WikitechRendered)]
    [InlineData(DocumentFormat.Html)]
    public void Document_just_under_the_size_limit_is_read_within_the_budget(DocumentFormat format)
    {
        var (head, line) = format switch
        {
            DocumentFormat.Wikitext => ("== Actionables ==\n", "* Add disk alerts T123456 and rotate the logs\n"),
            DocumentFormat.Markdown => ("# X\n\n## Action items\n\n", "- Add disk alerts T123456 and rotate the logs\n"),
            DocumentFormat.Html => ("<html><body><h2>Actionables</h2><ul>", "<li>Add disk alerts T123456 and rotate</li>\n"),
            _ => ("Actionables\n\n", "  • Add disk alerts T123456 and rotate the logs\n"),
        };
        var text = head + new StringBuilder().Insert(0, line, (PostmortemExtractor.MaxDocumentLength - 100) / line.Length).ToString();

        var result = ExtractWithinBudget(text, format);

        Assert.True(result.Actionables.Count > 1000);
    }

    [Fact]
    public void Ten_thousand_deep_wikitext_list_is_flattened_with_a_warning()
    {
        var text = "== Actionables ==\n" + string.Concat(Enumerable.Range(1, 10_000).Select(depth => new string('*', Math.Min(depth, 10_000)) + " level\n").Take(300))
            + new string('*', 10_000) + " deepest item\n";

        var result = ExtractWithinBudget(text);

        Assert.NotEmpty(result.Actionables);
        Assert.Contains(result.Warnings, w => w.Contains("nested deeper", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_thousand_deep_markdown_list_is_read_without_overflow()
    {
        var text = "# X\n\n## Action items\n\n" + string.Concat(Enumerable.Repeat("- ", 10_000)) + "deepest item\n";

        var result = ExtractWithinBudget(text);

        Assert.NotNull(result);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Ten_thousand_deep_html_list_is_read_without_overflow()
    {
        var text = "<html><body><h2>Actionables</h2>" + string.Concat(Enumerable.Repeat("<ul><li>item", 10_000)) + "</body></html>";

        var result = ExtractWithinBudget(text);

        Assert.NotEmpty(result.Actionables);
        Assert.Contains(result.Warnings, w => w.Contains("flattened", StringComparison.Ordinal));
    }

    [Fact]
    public void Ten_thousand_deep_rendered_list_is_read_without_overflow()
    {
        // Indentation-nested lines: 10,000 levels of one space each would be 50 MB, so the depth comes from the markers.
        var text = "Actionables\n\n" + string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i) + "- item\n"))
            + string.Concat(Enumerable.Repeat("- ", 10_000)) + "deepest\n";

        var result = ExtractWithinBudget(text, DocumentFormat.WikitechRendered);

        Assert.NotEmpty(result.Actionables);
    }

    [Fact]
    public void Unterminated_wikitext_table_is_read_to_the_end_with_a_warning()
    {
        var result = ExtractWithinBudget("== Actionables ==\n{|\n! Action !! Owner\n|-\n| Add disk alerts || alice\n");

        Assert.Equal("Add disk alerts", Assert.Single(result.Actionables).Title);
        Assert.Contains(result.Warnings, w => w.Contains("not terminated", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("== Actionables ==\n* Add <s>disk alerts\n* [[Broken link\n* {{PhabT|12\n* '''bold\n")]
    [InlineData("# X\n\n## Action items\n\n- Add ~~disk alerts\n- [broken](\n- **bold\n")]
    [InlineData("<html><body><h2>Actionables</h2><ul><li>Add <s>disk alerts<li><a href='x'>broken")]
    public void Unterminated_markup_gives_a_best_effort_result(string text)
    {
        var result = ExtractWithinBudget(text);

        Assert.NotEmpty(result.Actionables);
        Assert.All(result.Actionables, a => Assert.False(string.IsNullOrWhiteSpace(a.Title)));
    }

    [Fact]
    public void Wrong_format_hint_is_reported_and_the_detected_format_is_used()
    {
        var result = ExtractWithinBudget("== Summary ==\nx\n== Actionables ==\n* Add disk alerts\n* Rotate logs\n", DocumentFormat.Html);

        Assert.Equal(DocumentFormat.Wikitext, result.Format);
        Assert.Equal(2, result.Actionables.Count);
        Assert.Contains(result.Warnings, w => w.Contains("does not look like HTML", StringComparison.Ordinal));
    }

    [Fact]
    public void Pathological_patterns_do_not_hang()
    {
        var text = "== Actionables ==\n* " + new string('[', 50_000) + new string('{', 50_000) + string.Concat(Enumerable.Repeat("T1 ", 30_000)) + "\n"
            + "* " + string.Concat(Enumerable.Repeat("a/b#", 20_000)) + "\n";

        var result = ExtractWithinBudget(text);

        Assert.NotNull(result);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
