using System.Diagnostics;
using System.Globalization;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Bench;

/// <summary>
/// The graphql benchmark's seeded database (<see cref="GraphQLBenchmark.SeedAsync"/>, or the one reused by
/// <see cref="ThrowawayDatabase.ReuseDatabaseVariable"/>) with an api-role host on it and a token for one role: what the
/// benchmarks that time requests against 100k items (graphql, web) start from. Disposing stops the host, then drops
/// the database unless it is kept.
/// </summary>
internal sealed class SeededApi : IAsyncDisposable
{
    private readonly ThrowawayDatabase _database;
    private readonly IHost _host;

    private SeededApi(ThrowawayDatabase database, IHost host, Uri address, string secret)
    {
        _database = database;
        _host = host;
        Address = address;
        Secret = secret;
    }

    public Uri Address { get; }

    /// <summary>The token the requests send (Bearer).</summary>
    public string Secret { get; }

    public string ConnectionString => _database.ConnectionString;

    /// <summary>
    /// Seeds (unless reused) with <paramref name="seed"/> relative to <paramref name="now"/>, makes a token of
    /// <paramref name="role"/> and starts the host with <paramref name="hostArguments"/> beyond the address, the database
    /// and quiet logging; <paramref name="reusedNote"/> follows "reusing database NAME as seeded by an earlier run".
    /// </summary>
    public static async Task<SeededApi> StartAsync(string admin, string purpose, int seed, DateTimeOffset now, string role,
        string reusedNote, IEnumerable<string> hostArguments, CancellationToken cancellationToken)
    {
        var database = await ThrowawayDatabase.CreateOrReuseAsync(admin, purpose, cancellationToken);
        try
        {
            Console.WriteLine(Machine.Describe());
            Console.WriteLine(await ThrowawayDatabase.ServerVersionAsync(database.ConnectionString));
            if (database.Reused)
            {
                Console.WriteLine($"reusing database {database.Name} as seeded by an earlier run{reusedNote}");
            }
            else
            {
                var seedClock = Stopwatch.StartNew();
                var seeded = await GraphQLBenchmark.SeedAsync(database.ConnectionString, seed, now);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"seeded in {seedClock.Elapsed.TotalSeconds:0.0} s (binary COPY + VACUUM ANALYZE): {seeded}"));
            }

            string secret;
            await using (var context = DatabaseRegistration.CreateDbContext(database.Options))
            {
                secret = (await new ApiTokens(context, TimeProvider.System)
                    .CreateAsync($"bench-{purpose}-" + Guid.NewGuid().ToString("N")[..8], role, null, cancellationToken)).Secret;
            }

            var host = await ActionItemsHost.CreateAsync(HostRole.Api,
                ["--urls=http://127.0.0.1:0", $"--{DatabaseOptions.ConnectionStringKey}={database.ConnectionString}",
                 "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning", .. hostArguments],
                cancellationToken);
            try
            {
                await host.StartAsync(cancellationToken);
                var address = new Uri(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                    .Addresses.First());
                return new SeededApi(database, host, address, secret);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }
}
