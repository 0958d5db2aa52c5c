using Hangfire.Logging;

namespace ActionItems.Sync.Hosting;

/// <summary>
/// Hangfire's log provider is process-wide (one static for every host), and each host that registers Hangfire
/// replaces it with one over its own logger factory. In a process with several hosts (the tests, tools) a host that
/// stops disposes that factory while the other hosts' job servers still log through it: every log call then threw
/// <see cref="ObjectDisposedException"/> inside their workers, which stopped fetching jobs. A message that can no
/// longer be written is dropped instead; with one host per process, as in production, nothing changes.
/// </summary>
internal sealed class HostSafeLogProvider(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name) => new HostSafeLog(inner.GetLogger(name));

    private sealed class HostSafeLog(ILog inner) : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
