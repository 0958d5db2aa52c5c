using ActionItems.Api.Auth;
using ActionItems.Api.Export;
using ActionItems.Api.GraphQL;
using ActionItems.Api.Health;
using ActionItems.Api.Metrics;
using ActionItems.Api.Observability;
using ActionItems.Api.Trackers;
using ActionItems.Api.Web;
using ActionItems.Application;
using ActionItems.Application.Policies;
using ActionItems.Core;
using ActionItems.Data;
using ActionItems.Sync;
using ActionItems.Sync.Hosting;

namespace ActionItems.Api.Hosting;

/// <summary>Builds the host for a role: the database first (migrated or checked), then the areas the role runs.</summary>
public static class ActionItemsHost
{
    /// <param name="role">What this process runs.</param>
    /// <param name="configurationArgs">Extra <c>--Key=value</c> configuration (e.g. <c>--urls</c>), highest precedence.</param>
    /// <param name="cancellationToken">Stops migration at start-up.</param>
    public static async Task<IHost> CreateAsync(HostRole role, string[] configurationArgs, CancellationToken cancellationToken)
    {
        IHostApplicationBuilder builder = role.ServesHttp()
            ? CreateWebBuilder(configurationArgs)
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = configurationArgs,
                ContentRootPath = AppContext.BaseDirectory,
            });

        builder.AddActionItemsObservability();
        var database = builder.AddActionItemsData();
        if (role == HostRole.Worker && database.Provider == DatabaseProvider.Sqlite)
        {
            throw new ConfigurationErrorException(DatabaseOptions.ConnectionStringKey,
                "--role worker needs PostgreSQL (workers share its job queues); the embedded SQLite default runs everything in one process: use --role all");
        }
        builder.AddActionItemsJobs(database, runJobServer: role.RunsJobs());
        builder.AddActionItemsSync();
        builder.AddActionItemsPolicies();

        if (role == HostRole.Worker)
        {
            await DatabaseStartup.EnsureMigratedAsync(database, cancellationToken);
            return ((HostApplicationBuilder)builder).Build();
        }

        builder.AddSyncSchedules();
        builder.AddPolicySchedule();
        builder.AddPersistedDataProtectionKeys(database);
        // A start-up failure (e.g. the port is taken) escapes StartAsync and `serve` prints it as one line; the host
        // would first log it with its whole stack. A background service that dies still stops the host with a
        // Critical line and its exception.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.AddActionItemsApplication();
        builder.AddPreventionIndexRefresher();
        builder.AddActionItemsAuth();
        builder.AddCrossOriginAccess();
        builder.AddRequestRateLimits();
        builder.Services.AddDatabaseOutageAnswers();
        builder.AddActionItemsHealth();
        builder.AddActionItemsGraphQL();
        builder.AddActionItemsMetrics();
        var applied = await DatabaseStartup.MigrateAsync(database, cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await FirstRunToken.CreateIfNoneAsync(database, cancellationToken);
        }

        var app = ((WebApplicationBuilder)builder).Build();
        app.UseSecurityHeaders();
        app.UseCrossOriginAccess();
        app.UseDatabaseOutageAnswers();
        app.UseActionItemsHealth();
        app.UseJobsDashboardCookie();
        app.UseActionItemsAuth();
        app.UseRequestRateLimits();
        app.MapActionItemsGraphQL();
        app.MapActionItemsExport();
        app.MapActionItemsMetrics();
        app.MapActionItemsWebApp();
        app.MapPhabricatorWebhook();
        app.MapGitHubWebhook();
        app.UseJobsDashboard();

        app.Logger.LogInformation("ActionItems {Version}, role {Role}, database: {Database} ({Applied} migration(s) applied at start)",
            AppInfo.Version, role, database.Describe(), applied);
        return app;
    }

    private static WebApplicationBuilder CreateWebBuilder(string[] configurationArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddSecretFiles();
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(AppInfo.DefaultUrl);
        }
        return builder;
    }
}
