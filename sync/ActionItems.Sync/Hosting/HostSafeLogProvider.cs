using Hangfire.Logging;

namespace ActionItems.Sync.Hosting;

/// <summary>
/// Hangfire's log provider is process-wide (one static for every host), and each host that registers Hangfire
/// replaces it with one over its own logger factory. In a process with several hosts (the tests, tools) a host that
/// stops disposes that factory while the other hosts' job servers still log through it: every log call then threw
/// <see cref="ObjectDisposedException"/> inside their workers, which stopped fetching jobs. A message that can no
/// longer be written is dropped instead; with one host per process, as in production, nothing changes.
/// </summary>
public sealed class HostSafeLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new HostSafeLog(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            // Hangfire asks for loggers while it works (AspNetCoreLogProvider.GetLogger on a stopped host's factory).
            return new HostSafeLog(null);
        }
    }

    private sealed class HostSafeLog(ILog? inner) : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner?.Log(logLevel, messageFunc, exception) ?? false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
