using Hangfire;
using Microsoft.Extensions.Logging;

namespace ActionItems.Sync.Jobs;

/// <summary>
/// Told by a use case that it committed sync work (outbox rows), so the drain runs now instead of at the next
/// minutely sweep. Only a signal: the rows are already committed, and the sweep drains them if the signal is lost.
/// </summary>
public interface IOutboxDrainSignal
{
    void SyncWorkCommitted();
}

/// <summary>Enqueues the drain job in this host's Hangfire storage.</summary>
public sealed partial class HangfireOutboxDrainSignal(IBackgroundJobClient jobs, ILogger<HangfireOutboxDrainSignal> logger) : IOutboxDrainSignal
{
    public void SyncWorkCommitted()
    {
        try
        {
            jobs.Enqueue<DrainOutboxJob>(j => j.RunAsync(CancellationToken.None));
        }
#pragma warning disable CA1031 // The change is committed; a failed enqueue only delays sync until the sweep.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not enqueue the outbox drain; the next sweep will drain it")]
    private static partial void LogEnqueueFailed(ILogger logger, Exception exception);
}

/// <summary>For processes that run no jobs and share no job storage (one-shot commands): the running server's sweep drains.</summary>
public sealed class NextSweepOutboxDrainSignal : IOutboxDrainSignal
{
    public void SyncWorkCommitted()
    {
    }
}
