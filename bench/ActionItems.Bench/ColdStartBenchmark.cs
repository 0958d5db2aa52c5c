using System.Diagnostics;
using System.Globalization;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.Bench;

/// <summary>
/// The first Extract call of a process pays for type loading, JIT and pattern set-up. Each measurement
/// runs in a fresh child process of this program; the figure is the median over the children.
/// </summary>
internal static class ColdStartBenchmark
{
    public static int Run(BenchOptions options)
    {
        Console.WriteLine($"# cold-start benchmark: {options.Processes} fresh processes");
        Console.WriteLine($"# {Machine.Describe()}");
        var first = new List<double>();
        var allFormats = new List<double>();
        for (var i = 0; i < options.Processes; i++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!, ["coldstart-child", "--seed", options.Seed.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            var parts = output.Split(' ');
            first.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
            allFormats.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        Console.WriteLine();
        Console.WriteLine("| what | median (ms) | min (ms) | max (ms) |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| first Extract call in a process (wikitext, ~20 KB) | {Machine.Median(first):F0} | {first.Min():F0} | {first.Max():F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| first call of each of the four formats, summed | {Machine.Median(allFormats):F0} | {allFormats.Min():F0} | {allFormats.Max():F0} |"));
        return 0;
    }

    public static int RunChild(BenchOptions options)
    {
        var documents = new CorpusGenerator(options.Seed).Generate(4);
        var stopwatch = Stopwatch.StartNew();
        PostmortemExtractor.Extract(documents.First(d => d.Format == DocumentFormat.Wikitext).Text);
        var first = stopwatch.Elapsed.TotalMilliseconds;
        foreach (var document in documents.Where(d => d.Format != DocumentFormat.Wikitext))
        {
            PostmortemExtractor.Extract(document.Text);
        }

        var all = stopwatch.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{first:F1} {all:F1}"));
        return 0;
    }
}
