using ActionItems.Sync.Hosting;
using Hangfire.AspNetCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.UnitTests.Sync;

/// <summary>
/// Hangfire logs through one process-wide provider; a host that stopped must not break the job servers of the
/// hosts still running in the same process (CI saw their workers throw and stop fetching jobs).
/// </summary>
public class HostSafeLogProviderTests
{
    [Fact]
    public void Hangfires_own_provider_throws_once_its_hosts_logger_factory_is_disposed()
    {
        // The failure the wrapper exists for: if Hangfire ever stops throwing here, the wrapper can go.
        var factory = LoggerFactory.Create(_ => { });
        var provider = new AspNetCoreLogProvider(factory);
        factory.Dispose();

        Assert.Throws<ObjectDisposedException>(() => provider.GetLogger("Hangfire.Server.Worker"));
    }

    [Fact]
    public void Loggers_asked_for_or_used_after_the_hosts_logger_factory_is_disposed_do_not_throw()
    {
        var factory = LoggerFactory.Create(_ => { });
        var provider = new HostSafeLogProvider(new AspNetCoreLogProvider(factory));
        var before = provider.GetLogger("Hangfire.Server.Worker");
        factory.Dispose();

        var after = provider.GetLogger("Hangfire.Server.Worker");

        Assert.Null(Record.Exception(() => before.Log(Hangfire.Logging.LogLevel.Error, () => "written after the host stopped")));
        Assert.False(after.Log(Hangfire.Logging.LogLevel.Error, () => "written after the host stopped"));
    }

    [Fact]
    public void A_running_hosts_messages_still_reach_its_loggers()
    {
        var written = new List<string>();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(new ListLoggerProvider(written)));
        var provider = new HostSafeLogProvider(new AspNetCoreLogProvider(factory));

        Assert.True(provider.GetLogger("Hangfire.Server.Worker").Log(Hangfire.Logging.LogLevel.Warn, () => "job failed"));
        Assert.Equal(["job failed"], written);
    }

    private sealed class ListLoggerProvider(List<string> written) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(written);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<string> written) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => written.Add(formatter(state, exception));
    }
}
