using ActionItems.Api.Hosting;

namespace ActionItems.Api.Cli;

/// <summary>The same configuration sources the host reads, for commands that do not start a host.</summary>
internal static class CliConfiguration
{
    public static IConfiguration Build(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddSecretFiles()
            .AddCommandLine(args)
            .Build();
    }
}
