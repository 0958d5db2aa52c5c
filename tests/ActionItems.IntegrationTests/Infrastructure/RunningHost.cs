using ActionItems.Api.Hosting;
using ActionItems.Application.Prevention;
using ActionItems.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>The real host, in this process, listening on a free loopback port, on the given database.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(IHost host, Uri? address)
    {
        Host = host;
        Address = address;
        Client = address is null ? new HttpClient() : new HttpClient { BaseAddress = address };
    }

    public IHost Host { get; }
    public Uri? Address { get; }
    public HttpClient Client { get; }

    /// <param name="database">The database the host serves.</param>
    /// <param name="role">What the host runs.</param>
    /// <param name="testServices">Loads <see cref="TestHostingStartup"/>: the test role header and the SQL command counter.</param>
    /// <param name="extraArgs">More <c>--Key=value</c> configuration.</param>
    public static Task<RunningHost> StartAsync(TestDatabase database, HostRole role = HostRole.All,
        bool testServices = false, params string[] extraArgs) =>
        StartAsync(database, role, testServices, postgresConnectionString: null, extraArgs);

    /// <summary>Like the other overload, on the given PostgreSQL connection string instead of the database's own.</summary>
    /// <param name="database">The database the host serves.</param>
    /// <param name="role">What the host runs.</param>
    /// <param name="testServices">Loads <see cref="TestHostingStartup"/>.</param>
    /// <param name="extraArgs">More <c>--Key=value</c> configuration.</param>
    /// <param name="postgresConnectionString">Reaches <paramref name="database"/> another way (e.g. through a <see cref="TcpForwarder"/>).</param>
    public static async Task<RunningHost> StartAsync(TestDatabase database, HostRole role, bool testServices,
        string? postgresConnectionString, params string[] extraArgs)
    {
        var args = new List<string> { "--urls=http://127.0.0.1:0" };
        if (testServices)
        {
            args.Add($"--{WebHostDefaults.HostingStartupAssembliesKey}={TestHostingStartup.AssemblyName}");
        }
        args.AddRange(extraArgs);
        if (database.Provider == DatabaseProvider.Postgres)
        {
            args.Add($"--{DatabaseOptions.ConnectionStringKey}={postgresConnectionString ?? database.Options.ConnectionString}");
        }
        else
        {
            args.Add($"--{DatabaseOptions.ConnectionStringKey}=");
            args.Add($"--{DatabaseOptions.SqlitePathKey}={database.Options.SqliteFile}");
        }

        var host = await ActionItemsHost.CreateAsync(role, [.. args], CancellationToken.None);
        await host.StartAsync();
        // The candidate index is built in the background at start: waited for here, so its queries, log lines and
        // failures never land in what a test counts (SQL commands, warnings during a database outage).
        if (host.Services.GetService<PreventionIndexRefresher>() is { } refresher)
        {
            await refresher.WarmedUp;
        }
        var address = role.ServesHttp()
            ? new Uri(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First())
            : null;
        return new RunningHost(host, address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync();
        Host.Dispose();
    }
}
