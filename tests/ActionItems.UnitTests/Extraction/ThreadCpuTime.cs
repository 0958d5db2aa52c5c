using System.Diagnostics;
using System.Globalization;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// CPU time consumed by the calling thread. Linux exposes it in nanoseconds in
/// <c>/proc/thread-self/schedstat</c>; elsewhere the process's CPU time is the closest stand-in.
/// </summary>
internal static class ThreadCpuTime
{
    private const string SchedStat = "/proc/thread-self/schedstat";

    public static TimeSpan Now()
    {
        if (File.Exists(SchedStat))
        {
            var onCpuNanoseconds = long.Parse(File.ReadAllText(SchedStat).Split(' ')[0], CultureInfo.InvariantCulture);
            return TimeSpan.FromTicks(onCpuNanoseconds / 100);
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
