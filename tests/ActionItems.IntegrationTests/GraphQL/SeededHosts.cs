using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// A class fixture for read-only tests: per provider, one host started on a database seeded once, shared by
/// every test of the class and stopped when the class is done. A provider's host starts when a test first asks
/// for it. The hosts run no background jobs (<see cref="HostRole.Api"/>), so the seeded data changes only if
/// a test writes, and tests using this fixture must not write.
/// </summary>
public abstract class SeededHosts<TSeed> : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, Task<(GraphQLHost Host, TSeed Seed)>> _hosts = [];
    private readonly Lock _lock = new();

    /// <summary>Fills the fresh database; what it returns (ids, mostly) is handed to the tests.</summary>
    protected abstract Task<TSeed> SeedAsync(TestDatabase database);

    public Task<(GraphQLHost Host, TSeed Seed)> GetAsync(DatabaseProvider provider)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(provider, out var host))
            {
                _hosts[provider] = host = StartAsync(provider);
            }
            return host;
        }
    }

    public async Task<GraphQLHost> HostAsync(DatabaseProvider provider) => (await GetAsync(provider)).Host;

    private async Task<(GraphQLHost, TSeed)> StartAsync(DatabaseProvider provider)
    {
        var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        try
        {
            return (host, await SeedAsync(host.Database));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // A start that failed has already failed the tests that asked for it; there is nothing to stop.
        foreach (var started in _hosts.Values.Where(t => !t.IsFaulted && !t.IsCanceled))
        {
            await (await started).Host.DisposeAsync();
        }
    }
}
