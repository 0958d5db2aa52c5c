using System.CommandLine;
using ActionItems.Api.GraphQL;

namespace ActionItems.Api.Cli;

public static class SchemaCommand
{
    private const string SolutionFile = "ActionItems.sln";

    public static Command Create()
    {
        var output = new Option<string?>("--output")
        {
            Description = "Where to write the SDL ('-' for stdout). Default: docs/schema.graphql of the repository around the current directory.",
        };
        var export = new Command("export", "Write the GraphQL schema as SDL (default docs/schema.graphql).") { output };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var sdl = SchemaDocument.Print();
            var path = parseResult.GetValue(output) ?? DefaultPath(Environment.CurrentDirectory);
            if (path is null)
            {
                await Console.Error.WriteLineAsync(
                    $"error: no {SolutionFile} in {Environment.CurrentDirectory} or above it; pass --output FILE");
                return ActionItemsCli.ExitUsage;
            }
            if (path == "-")
            {
                Console.Out.Write(sdl);
                return ActionItemsCli.ExitOk;
            }
            try
            {
                await File.WriteAllTextAsync(path, sdl, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: cannot write {Path.GetFullPath(path)}: {e.Message}");
                return ActionItemsCli.ExitUsage;
            }
            await Console.Error.WriteLineAsync($"wrote {Path.GetFullPath(path)}");
            return ActionItemsCli.ExitOk;
        });
        var command = new Command("schema", "The GraphQL schema.");
        command.Subcommands.Add(export);
        return command;
    }

    /// <summary>
    /// The repository's schema document, found from the current directory upwards, so <c>./run.sh schema
    /// export</c> works from any folder of the repository.
    /// </summary>
    internal static string? DefaultPath(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return Path.Combine(directory.FullName, SchemaDocument.DefaultPath);
            }
        }
        return null;
    }
}
