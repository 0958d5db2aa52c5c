using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Application.Policies;

public static class PolicyRegistration
{
    /// <summary>
    /// The rules (checked now: a bad <c>Policies</c> key stops start-up), their evaluation and the digest job. Every
    /// role registers it: a worker runs the job the API process scheduled.
    /// </summary>
    public static IHostApplicationBuilder AddActionItemsPolicies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(PolicyOptions.FromConfiguration(builder.Configuration));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<PolicyViolations>();
        builder.Services.AddScoped<PolicyDigestJob>();
        builder.Services.AddHttpClient(PolicyDigestJob.HttpClientName, http =>
            http.DefaultRequestHeaders.UserAgent.ParseAdd("ActionItems/0.1 (remediation policy digest)"));
        return builder;
    }

    /// <summary>The daily evaluation and digest, at <c>Policies:Digest:Hour</c> UTC.</summary>
    public static IHostApplicationBuilder AddPolicySchedule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<PolicySchedule>();
        return builder;
    }

    private sealed class PolicySchedule(IRecurringJobManager recurring, PolicyOptions options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            recurring.AddOrUpdate<PolicyDigestJob>(PolicyDigestJob.RecurringId, j => j.RunAsync(CancellationToken.None),
                Cron.Daily(options.Digest.Hour));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
