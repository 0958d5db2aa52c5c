using ActionItems.Api.Auth;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

[assembly: HostingStartup(typeof(TestHostingStartup))]

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// TEST ONLY. Loaded into the real host only when a test passes
/// <c>--hostingStartupAssemblies=ActionItems.IntegrationTests</c> (see <see cref="RunningHost"/>):
/// a request with header <see cref="RoleHeader"/> acts as a principal of that role (stand-in for real
/// tokens), and every SQL command EF Core sends is counted.
/// </summary>
public sealed class TestHostingStartup : IHostingStartup
{
    public const string AssemblyName = "ActionItems.IntegrationTests";
    public const string RoleHeader = "X-Test-Role";

    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices(services =>
    {
        services.AddSingleton<SqlCommandCounter>();
        services.ConfigureDbContext<PostgresActionItemsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
        services.ConfigureDbContext<SqliteActionItemsDbContext>((provider, options) =>
            options.AddInterceptors(provider.GetRequiredService<SqlCommandCounter>()));
        services.AddSingleton<IStartupFilter, TestRoleStartupFilter>();
    });

    private sealed class TestRoleStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Headers[RoleHeader].ToString() is { Length: > 0 } role)
                {
                    context.User = Roles.Principal($"test-{role}", role, "test");
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
