using ActionItems.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionItems.Application.Prevention;

/// <summary>
/// Builds the <see cref="CandidateIndex"/>, then the <see cref="IncidentIndex"/>, in the background once the host has
/// started, so the first reviewer does not wait for either build (seconds at 100,000 items). Start-up and readiness do not wait for it; a request arriving during
/// the build waits for that build instead of starting another. A failure is logged and the first request builds
/// instead; shutdown cancels the build.
/// </summary>
public sealed class CandidateIndexWarmUp(CandidateIndex index, IncidentIndex incidents, IServiceScopeFactory scopes, ILogger<CandidateIndexWarmUp> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: what runs before the first await would delay the host's start.
        await Task.Yield();
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
}
