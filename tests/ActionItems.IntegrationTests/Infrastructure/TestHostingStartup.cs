using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: HostingStartup(typeof(TestHostingStartup))]

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// TEST ONLY. Loaded into the real host only when a test passes
/// <c>--hostingStartupAssemblies=ActionItems.IntegrationTests</c> (see <see cref="RunningHost"/>):
/// every SQL command EF Core sends for a request is counted and every log record is kept (<see cref="LogCapture"/>).
/// </summary>
public sealed class TestHostingStartup : IHostingStartup
{
    public const string AssemblyName = "ActionItems.IntegrationTests";

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddSingleton<SqlCommandCounter>();
        services.AddTransient<IStartupFilter, CountRequestSqlStartupFilter>();
        services.AddSingleton<LogCapture>();
        services.AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<LogCapture>());
        services.ConfigureDbContext<PostgresActionItemsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
        services.ConfigureDbContext<SqliteActionItemsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
    });
}

/// <summary>Puts <see cref="SqlCommandCounter.DuringRequests"/> in front of the host's own pipeline.</summary>
internal sealed class CountRequestSqlStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(SqlCommandCounter.DuringRequests);
        next(app);
    };
}
