using System.Diagnostics;
using System.Text;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// The built <c>actionitems</c> binary running as a long-lived process of its own (<c>serve --role …</c>), so a test
/// can kill it the way an operating system or an orchestrator does (SIGKILL: no shutdown hooks, no cleanup).
/// </summary>
public sealed class ProductProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ProductProcess(string name, Process process, Uri? address)
    {
        Name = name;
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Id => _process.Id;

    /// <summary>Where the process listens (null for a worker, which serves no HTTP).</summary>
    public Uri? Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far (stdout and stderr interleaved), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>serve --role <paramref name="role"/></c>; an api listens on a free loopback port.</summary>
    public static ProductProcess Serve(string name, string role, IReadOnlyDictionary<string, string?> environment)
    {
        var env = new Dictionary<string, string?>(environment);
        Uri? address = null;
        if (role != "worker")
        {
            address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
            env["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        }
        var start = CliProcess.StartInfo(env, "serve", "--role", role);
        return new ProductProcess(name, Process.Start(start)!, address);
    }

    /// <summary>Kills the process with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Append('[').Append(Name).Append("] ").AppendLine(line);
        }
    }
}
