using ActionItems.Api.Hosting;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionItems.Api.Health;

/// <summary>Ready when the database answers and every migration this build knows is applied.</summary>
internal sealed class DatabaseHealthCheck(ActionItemsDbContext db, DatabaseOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy($"cannot connect to {options.Describe()}");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy($"{options.Provider}, schema up to date")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception text can hold server details; the log has it, the endpoint says what failed. An outage is
            // expected while the database is down and probes keep asking: no stack trace for it.
            return HealthCheckResult.Unhealthy($"cannot query {options.Provider}: {e.GetType().Name}",
                DatabaseOutage.IsOutage(e) ? null : e);
        }
    }
}
