using System.CommandLine;
using ActionItems.Api.GraphQL;

namespace ActionItems.Api.Cli;

public static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output")
        {
            Description = "Where to write the SDL ('-' for stdout).",
            DefaultValueFactory = _ => SchemaDocument.DefaultPath,
        };
        var export = new Command("export", "Write the GraphQL schema as SDL (default docs/schema.graphql).") { output };
        export.SetAction(async (parseResult, cancellationToken) =>
        {
            var sdl = SchemaDocument.Print();
            var path = parseResult.GetValue(output)!;
            if (path == "-")
            {
                Console.Out.Write(sdl);
                return ActionItemsCli.ExitOk;
            }
            await File.WriteAllTextAsync(path, sdl, cancellationToken);
            await Console.Error.WriteLineAsync($"wrote {Path.GetFullPath(path)}");
            return ActionItemsCli.ExitOk;
        });
        var command = new Command("schema", "The GraphQL schema.");
        command.Subcommands.Add(export);
        return command;
    }
}
