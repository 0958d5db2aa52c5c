using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.Sync.Jobs;

/// <summary>Creates each job in its own DI scope of this host (one DbContext per job run).</summary>
public sealed class ScopedJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
