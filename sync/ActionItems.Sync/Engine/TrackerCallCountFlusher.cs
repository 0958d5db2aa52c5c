using Microsoft.Extensions.Hosting;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Adds this process's counted tracker calls to the shared table every <see cref="TrackerCallCounts.FlushInterval"/>,
/// and once more after every other service of the host has stopped (the job server finishes its running jobs first),
/// so a deploy or a scale-down does not lose the last seconds of calls.
/// </summary>
public sealed class TrackerCallCountFlusher(TrackerCallCounts counts, TimeProvider clock) : BackgroundService, IHostedLifecycleService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TrackerCallCounts.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await counts.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => counts.FlushAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
