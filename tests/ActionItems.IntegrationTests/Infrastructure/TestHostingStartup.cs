using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: HostingStartup(typeof(TestHostingStartup))]

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// TEST ONLY. Loaded into the real host only when a test passes
/// <c>--hostingStartupAssemblies=ActionItems.IntegrationTests</c> (see <see cref="RunningHost"/>):
/// every SQL command EF Core sends is counted, and every log line is captured.
/// </summary>
public sealed class TestHostingStartup : IHostingStartup
{
    public const string AssemblyName = "ActionItems.IntegrationTests";

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddSingleton<SqlCommandCounter>();
        services.AddSingleton<CapturedLogs>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<CapturedLogs>());
        services.ConfigureDbContext<PostgresActionItemsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
        services.ConfigureDbContext<SqliteActionItemsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
    });
}
