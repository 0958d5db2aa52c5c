using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>What an operator sees on the console of the real binary.</summary>
[Collection(HostCollection.Name)]
public class ConsoleNoiseTests
{
    [Fact]
    public async Task A_port_clash_is_one_line_on_stderr_and_a_non_zero_exit_without_a_stack_trace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var folder = TempFolder();

        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["Database__SqlitePath"] = Path.Combine(folder, "a.db") },
            "serve", $"--urls=http://127.0.0.1:{port}");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: Urls: cannot listen: Failed to bind to address http://127.0.0.1:{port}: address already in use.",
            result.StdErr.Trim());
        Assert.DoesNotContain("   at ", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_protection_keys_are_kept_beside_the_sqlite_file_and_no_start_warns_about_them()
    {
        var folder = TempFolder();
        var home = TempFolder(); // a fresh home, as in a container: nothing from an earlier run to reuse
        var environment = new Dictionary<string, string?>
        {
            ["Database__SqlitePath"] = Path.Combine(folder, "a.db"),
            ["HOME"] = home,
            ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };

        var first = await ServeBrieflyAsync(environment);
        var keys = Directory.GetFiles(Path.Combine(folder, DataProtectionKeys.DefaultDirectoryName), "key-*.xml");
        var second = await ServeBrieflyAsync(environment);

        Assert.Single(keys);
        Assert.Equal(keys, Directory.GetFiles(Path.Combine(folder, DataProtectionKeys.DefaultDirectoryName), "key-*.xml"));
        foreach (var output in (string[])[first, second])
        {
            Assert.DoesNotContain("DataProtection", output, StringComparison.Ordinal);
            Assert.DoesNotContain("warn:", output, StringComparison.Ordinal);
            // Outside Development the console writes JSON (api/ActionItems.Api/Observability/ObservabilityRegistration.cs).
            Assert.DoesNotContain("\"LogLevel\":\"Warning\"", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tracker_http_calls_are_not_logged_at_information_by_default()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, HostRole.Api, testServices: true);
        var loggers = host.Host.Services.GetRequiredService<ILoggerFactory>();

        // IHttpClientFactory logs each call (start, end, for the logical and the primary handler) under these categories.
        foreach (var category in (string[])["System.Net.Http.HttpClient.phabricator.LogicalHandler", "System.Net.Http.HttpClient.phabricator.ClientHandler"])
        {
            var logger = loggers.CreateLogger(category);
            Assert.False(logger.IsEnabled(LogLevel.Information), category);
            Assert.True(logger.IsEnabled(LogLevel.Warning), category);
        }
    }

    /// <summary>Runs <c>serve</c> until it listens and a moment more, then stops it; returns everything it printed.</summary>
    private static async Task<string> ServeBrieflyAsync(IReadOnlyDictionary<string, string?> environment)
    {
        using var process = Process.Start(CliProcess.StartInfo(environment, "serve"))!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.Contains("Application started", StringComparison.Ordinal))
                {
                    break;
                }
            }
            // Hosted services (the key ring among them) have started by now; give late lines a moment.
            using var settle = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                while (await process.StandardOutput.ReadLineAsync(settle.Token) is { } line)
                {
                    output.AppendLine(line);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return output + await stderr;
    }

    private static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"actionitems-console-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
