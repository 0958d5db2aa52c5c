using ActionItems.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Keeps the prevention indexes ready for requests (docs/prevention.md, "The candidate index"). At start, in the
/// background once the host has started, it builds the <see cref="CandidateIndex"/>, then the <see cref="IncidentIndex"/>,
/// so the first reviewer does not wait for either build (seconds at 100,000 items); start-up and readiness do not wait
/// for it, and a request arriving during a build waits for that build instead of starting another. Then, every half
/// <c>Prevention:IndexMaxAge</c>, it refreshes each index a request used in the last <see cref="IdleAfter"/>
/// (<see cref="WatermarkedIndex{TWatermark}.RefreshAheadAsync"/>), so requests do not pay the watermark read; with a
/// maximum age of zero every request reads it itself and this only builds. A failure is logged (once until the next
/// success) and requests refresh or build themselves; shutdown cancels the work.
/// </summary>
public sealed class PreventionIndexRefresher(CandidateIndex index, IncidentIndex incidents, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<PreventionIndexRefresher> logger) : BackgroundService
{
    /// <summary>An index no request used for this long is left to age: an idle service does not read watermarks.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    private readonly TaskCompletionSource _warmedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done once the start-up builds are over, whether they succeeded, failed or were cancelled.</summary>
    public Task WarmedUp => _warmedUp.Task;

    /// <summary>Passes so far (one each half maximum age, whether an index was used and refreshed or not): lets a test see a pass happened.</summary>
    public int Passes => Volatile.Read(ref _passes);

    private int _passes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: what runs before the first await would delay the host's start.
        await Task.Yield();
        try
        {
            await WarmUpAsync(stoppingToken);
        }
        finally
        {
            _warmedUp.TrySetResult();
        }
        if (index.MaxAge > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
        {
            await RefreshAheadAsync(index.MaxAge / 2, stoppingToken);
        }
    }

    private async Task WarmUpAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
            await index.WarmUpAsync(db, stoppingToken);
            logger.LogInformation("Prevention candidate index built in {Milliseconds:0} ms", index.LastBuild.TotalMilliseconds);
            // Second: candidates are the more frequent question, and one build at a time keeps the start-up load down.
            await incidents.WarmUpAsync(db, stoppingToken);
            logger.LogInformation("Similar-incident index built in {Milliseconds:0} ms", incidents.LastBuild.TotalMilliseconds);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down (or a start that failed, whose services are being disposed): whatever the build threw
            // then is the shutdown's doing, and the next process builds its own index.
        }
        catch (Exception exception)
        {
            // One line, no stack trace: most often the database is not reachable yet, which readiness and the requests
            // already report; a real fault shows in full when the first request's build meets it again.
            logger.LogWarning("Prevention indexes not built at start-up ({Failure}); the first preventionCandidates or similarIncidents request builds its own",
                $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private async Task RefreshAheadAsync(TimeSpan period, CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, clock, stoppingToken);
                await RefreshUsedIndexesAsync(stoppingToken);
                failing = false;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                if (!failing)
                {
                    logger.LogWarning("Prevention indexes not refreshed ahead ({Failure}); requests refresh them until it works again",
                        $"{exception.GetType().Name}: {exception.Message}");
                }
                failing = true;
            }
            finally
            {
                Interlocked.Increment(ref _passes);
            }
        }
    }

    private async Task RefreshUsedIndexesAsync(CancellationToken stoppingToken)
    {
        var candidatesUsed = index.UsedWithin(IdleAfter);
        var incidentsUsed = incidents.UsedWithin(IdleAfter);
        if (!candidatesUsed && !incidentsUsed)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
        if (candidatesUsed)
        {
            await index.RefreshAheadAsync(db, stoppingToken);
        }
        if (incidentsUsed)
        {
            await incidents.RefreshAheadAsync(db, stoppingToken);
        }
    }
}
