using System.CommandLine;
using System.Runtime.InteropServices;

namespace ActionItems.Api.Cli;

public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version and exit.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"actionitems {AppInfo.Version} ({RuntimeInformation.FrameworkDescription})");
            return ActionItemsCli.ExitOk;
        });
        return command;
    }
}
