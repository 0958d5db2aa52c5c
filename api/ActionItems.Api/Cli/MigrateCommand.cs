using System.CommandLine;
using ActionItems.Api.Hosting;
using ActionItems.Data;

namespace ActionItems.Api.Cli;

public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations to the configured database, then exit.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => ActionItemsCli.GuardAsync(async () =>
        {
            var database = DatabaseOptions.FromConfiguration(CliConfiguration.Build(ConfigurationOverrides.From(parseResult)));
            var applied = await DatabaseStartup.MigrateAsync(database, cancellationToken);
            Console.WriteLine(applied == 0
                ? $"{database.Describe()} is up to date."
                : $"Applied {applied} migration(s) to {database.Describe()}.");
            return ActionItemsCli.ExitOk;
        }));
        return command;
    }
}
