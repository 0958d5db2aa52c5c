using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Application;
using ActionItems.Data;

namespace ActionItems.Api.Cli;

/// <summary>The services a one-shot command needs (database, importer, wiki client), on a migrated database.</summary>
internal static class CliHost
{
    public static async Task<IHost> CreateAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Commands print their own results; framework logs would only interleave with them.
        builder.Logging.ClearProviders();
        var database = builder.AddActionItemsData();
        builder.AddActionItemsImport();
        builder.Services.AddScoped<ApiTokens>();
        await DatabaseStartup.MigrateAsync(database, cancellationToken);
        return builder.Build();
    }
}
