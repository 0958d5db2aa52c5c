using System.Diagnostics;
using System.Globalization;

namespace ActionItems.Bench;

/// <summary>The command line's options; <c>DumpDirectory</c> (--dump DIR, extraction only) is where each generated document's extraction is written as JSON.</summary>
internal sealed record BenchOptions(int Documents, int Iterations, int Seed, int Processes, int DocumentBytes, string? DumpDirectory = null)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(Documents: 1000, Iterations: 7, Seed: 20251125, Processes: 7, DocumentBytes: 20 * 1024);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--dump")
            {
                options = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                    ? options with { DumpDirectory = args[i + 1] }
                    : throw new ArgumentException("option --dump needs a directory");
                i++;
                continue;
            }

            var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new ArgumentException($"option {args[i]} needs a positive number");
            options = args[i] switch
            {
                "--documents" => options with { Documents = value },
                "--iterations" => options with { Iterations = value },
                "--seed" => options with { Seed = value },
                "--processes" => options with { Processes = value },
                "--document-bytes" => options with { DocumentBytes = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return options;
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"nproc {Environment.ProcessorCount}, CPU {cpu}, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"
            + (Debugger.IsAttached ? ", debugger attached" : "")
#if DEBUG
            + ", DEBUG BUILD (figures are not representative; use -c Release)"
#endif
            ;
    }

    /// <summary>A figure line formatted the same on every machine (decimal point, digit grouping).</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The 1, 5 and 15 minute load averages: the machine is shared, so every figure is reported with it.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The p-th percentile of ascending values by nearest rank (0 for none): what every latency table here prints.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
