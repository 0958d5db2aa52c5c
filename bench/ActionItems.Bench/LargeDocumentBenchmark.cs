using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.Bench;

/// <summary>How long one document at the size limit takes per format, warm, and what a 20 MB one gives.</summary>
internal static class LargeDocumentBenchmark
{
    public static int Run(BenchOptions options)
    {
        Console.WriteLine($"# large-document benchmark, median of {options.Iterations} runs after a warm-up");
        Console.WriteLine($"# {Machine.Describe()}");
        Console.WriteLine();
        Console.WriteLine("| document | characters | median (ms) | actionables | warnings |");
        Console.WriteLine("|---|---:|---:|---:|---:|");

        // A real postmortem repeated up to the limit: the shape of the content matters more than its bytes.
        var corpus = new CorpusGenerator(options.Seed).Generate(4);
        foreach (var document in corpus)
        {
            var builder = new StringBuilder();
            while (builder.Length + document.Text.Length <= PostmortemExtractor.MaxDocumentLength)
            {
                builder.Append(document.Text).Append('\n');
            }

            Measure($"{document.Format}, a postmortem repeated to the limit", builder.ToString(), document.Format, options.Iterations);
        }

        var lines = new (DocumentFormat Format, string Head, string Line)[]
        {
            (DocumentFormat.Wikitext, "== Actionables ==\n", "* Add disk alerts T123456 and rotate the logs\n"),
            (DocumentFormat.Markdown, "# X\n\n## Action items\n\n", "- Add disk alerts T123456 and rotate the logs\n"),
            (DocumentFormat.Html, "<html><body><h2>Actionables</h2><ul>", "<li>Add disk alerts T123456 and rotate</li>\n"),
            (DocumentFormat.WikitechRendered, "Actionables\n\n", "  • Add disk alerts T123456 and rotate the logs\n"),
        };
        foreach (var (format, head, line) in lines)
        {
            var text = head + new StringBuilder().Insert(0, line, (PostmortemExtractor.MaxDocumentLength - 100) / line.Length);
            Measure($"{format}, one actionables list up to the limit", text, format, options.Iterations);
        }

        var huge = "== Actionables ==\n" + new StringBuilder().Insert(0, "* Add disk alerts and rotate the logs daily\n", 20 * 1024 * 1024 / 44);
        Measure("20 MB wikitext", huge, DocumentFormat.Wikitext, 1);
        return 0;
    }

    private static void Measure(string what, string text, DocumentFormat format, int iterations)
    {
        string Outcome(Func<ExtractionResult> extract, out ExtractionResult? result)
        {
            try
            {
                result = extract();
                return "";
            }
            catch (ExtractionException exception)
            {
                result = null;
                return exception.Message;
            }
        }

        Outcome(() => PostmortemExtractor.Extract(text, format), out _);
        var times = new List<double>();
        ExtractionResult? last = null;
        var error = "";
        for (var i = 0; i < iterations; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            error = Outcome(() => PostmortemExtractor.Extract(text, format), out last);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var items = last is null ? "error: " + error : last.Actionables.Count.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {text.Length:N0} | {Machine.Median(times):F0} | {items} | {last?.Warnings.Count ?? 0} |"));
    }
}
