using System.CommandLine;
using ActionItems.Api.Hosting;
using ActionItems.Application.Postmortems;
using ActionItems.Data;

namespace ActionItems.Api.Cli;

/// <summary><c>repair-dates</c>: dates items imported before imports were dated (<see cref="ImportedItemDates"/>).</summary>
public static class RepairDatesCommand
{
    public static Command Create()
    {
        var command = new Command("repair-dates",
            "Date imported items by their incident (opened at its end, else start, else date); the upgrade does this once, this repeats it safely.");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => ActionItemsCli.GuardAsync(async () =>
        {
            var database = DatabaseOptions.FromConfiguration(CliConfiguration.Build(ConfigurationOverrides.From(parseResult)));
            await DatabaseStartup.MigrateAsync(database, cancellationToken);
            await using var db = DatabaseRegistration.CreateDbContext(database);
            var repaired = await ImportedItemDates.RepairAsync(db, cancellationToken);
            Console.WriteLine(repaired == 0
                ? $"Every imported item in {database.Describe()} is already dated by its incident."
                : $"Dated {repaired} imported item(s) in {database.Describe()} by their incident.");
            return ActionItemsCli.ExitOk;
        }));
        return command;
    }
}
