using ActionItems.Api.Hosting;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionItems.Api.Health;

/// <summary>Ready when Hangfire's storage answers; reports how many job servers are alive.</summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers().Count;
            return Task.FromResult(HealthCheckResult.Healthy($"{storage.GetType().Name}, {servers} job server(s)"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"job storage unreachable: {e.GetType().Name}",
                DatabaseOutage.IsOutage(e) ? null : e));
        }
    }
}
