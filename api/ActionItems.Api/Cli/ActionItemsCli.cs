using System.CommandLine;
using ActionItems.Api.Hosting;
using ActionItems.Core;

namespace ActionItems.Api.Cli;

/// <summary>The command line of the one binary. No arguments = <c>serve</c>.</summary>
public static class ActionItemsCli
{
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitConfiguration = 3;
    public const int ExitUnexpected = 70;

    /// <summary>
    /// Set by run.sh to the directory it was called from: <c>dotnet run</c> starts the program in the project
    /// folder, but relative paths on the command line (files, <c>--output</c>, <c>--Database:SqlitePath=</c>)
    /// are the user's, relative to where they typed them.
    /// </summary>
    public const string CallerDirectoryVariable = "ACTIONITEMS_CALLER_DIRECTORY";

    /// <summary>Parses and runs; a usage error is one line on stderr and exit code 2 (no help dump).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(CallerDirectoryVariable) is { Length: > 0 } callerDirectory &&
            Directory.Exists(callerDirectory))
        {
            Directory.SetCurrentDirectory(callerDirectory);
        }
        var parseResult = Create().Parse(args);
        // Before the parser's own errors: an unknown option gets the specific message with a suggestion.
        if (ConfigurationOverrides.FindError(parseResult) is { } unknownOption)
        {
            await Console.Error.WriteLineAsync($"error: {unknownOption}");
            return ExitUsage;
        }
        if (parseResult.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {parseResult.Errors[0].Message} (see actionitems --help)");
            return ExitUsage;
        }
        // The host handles SIGTERM/Ctrl+C itself (graceful shutdown); the parser must not race it.
        return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    public static RootCommand Create()
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand(
            "ActionItems: extracts postmortem action items, owns them, serves them over GraphQL and mirrors them to trackers.")
        {
            serve,
            MigrateCommand.Create(),
            RepairCommand.Create(),
            VersionCommand.Create(),
            HealthCommand.Create(),
            ExtractCommand.Create(),
            ImportCommand.Create(),
            TokenCommand.Create(),
            SchemaCommand.Create(),
        };
        root.SetAction((parseResult, cancellationToken) =>
            ServeCommand.RunAsync(HostRole.All, [], cancellationToken));
        return root;
    }

    /// <summary>Runs a command body; configuration problems become one line on stderr and exit code 3.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ConfigurationErrorException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return ExitConfiguration;
        }
        catch (OperationCanceledException)
        {
            return ExitOk;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") != "Development")
        {
            await Console.Error.WriteLineAsync(
                $"error: unexpected {e.GetType().Name}: {e.Message} (run with DOTNET_ENVIRONMENT=Development for the stack trace)");
            return ExitUnexpected;
        }
    }
}
