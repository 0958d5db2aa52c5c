using System.CommandLine;
using ActionItems.Api.Hosting;
using ActionItems.Application.Postmortems;
using ActionItems.Data;

namespace ActionItems.Api.Cli;

/// <summary>
/// <c>repair</c> (alias <c>repair-dates</c>, its first name): runs every data repair of <see cref="MigrationDataRepairs"/>
/// again. The upgrade runs each once; this finishes an interrupted upgrade and is safe to repeat.
/// </summary>
public static class RepairCommand
{
    public static Command Create()
    {
        var command = new Command("repair",
            "Run the upgrades' data repairs again (date imported items by their incident; give them the tasks their text references); safe to repeat.");
        command.Aliases.Add("repair-dates");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => ActionItemsCli.GuardAsync(async () =>
        {
            var database = DatabaseOptions.FromConfiguration(CliConfiguration.Build(ConfigurationOverrides.From(parseResult)));
            await DatabaseStartup.MigrateAsync(database, cancellationToken);
            await using var db = DatabaseRegistration.CreateDbContext(database);
            foreach (var (repair, changed) in await MigrationDataRepairs.RunAllAsync(db, cancellationToken))
            {
                Console.WriteLine($"{repair.MigrationName}: {changed} {repair.Done} in {database.Describe()}.");
            }
            return ActionItemsCli.ExitOk;
        }));
        return command;
    }
}
