using System.CommandLine;
using ActionItems.Api.Hosting;
using ActionItems.Core;

namespace ActionItems.Api.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role")
        {
            Description = "all = API + web app + job server (default); api = API + web app; worker = job server only (PostgreSQL).",
            DefaultValueFactory = _ => "all",
        };
        role.Validators.Add(result =>
        {
            try
            {
                HostRoles.Parse(result.GetValueOrDefault<string>());
            }
            catch (ConfigurationErrorException e)
            {
                result.AddError($"--role: {e.Problem}");
            }
        });
        var command = new Command("serve",
            "Run the service. Extra --Key=value arguments override configuration, e.g. --urls=http://0.0.0.0:5080.")
        {
            role,
        };
        // `--Key=value` tokens are configuration overrides for the host (`--urls=…`, `--Database:SqlitePath=…`);
        // any other unknown token is a usage error (ConfigurationOverrides).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(HostRoles.Parse(parseResult.GetValue(role)), ConfigurationOverrides.From(parseResult), cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(HostRole role, string[] configurationArgs, CancellationToken cancellationToken) =>
        ActionItemsCli.GuardAsync(async () =>
        {
            using var host = await ActionItemsHost.CreateAsync(role, configurationArgs, cancellationToken);
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (IOException e) when (e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationErrorException("Urls", $"cannot listen: {e.Message}", e);
            }
            await host.WaitForShutdownAsync(cancellationToken);
            return ActionItemsCli.ExitOk;
        });
}
