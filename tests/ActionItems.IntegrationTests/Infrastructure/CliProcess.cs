using System.Diagnostics;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>Runs the real <c>actionitems</c> binary (copied beside the tests) as a separate process.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actionitems.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // A developer's own configuration must not leak into the test.
        start.Environment.Remove("ConnectionStrings__ActionItems");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunAsync(StartInfo(environment, args));

    /// <summary>Runs the binary with <paramref name="workingDirectory"/> as its current directory.</summary>
    public static Task<Result> RunInAsync(string workingDirectory, params string[] args) =>
        RunInAsync(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>Runs the binary with <paramref name="workingDirectory"/> as its current directory and extra environment.</summary>
    public static Task<Result> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = StartInfo(environment, args);
        start.WorkingDirectory = workingDirectory;
        return RunAsync(start);
    }

    private static async Task<Result> RunAsync(ProcessStartInfo start)
    {
        var args = start.ArgumentList.Skip(1);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"actionitems {string.Join(' ', args)} did not exit within 60 s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
