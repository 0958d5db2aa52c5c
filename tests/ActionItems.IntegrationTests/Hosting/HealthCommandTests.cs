using ActionItems.Api.Cli;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary><c>actionitems health</c>, the container health check: the real binary asks a running host.</summary>
[Collection(HostCollection.Name)]
public class HealthCommandTests
{
    [Fact]
    public async Task Health_exits_0_for_a_ready_host_and_1_with_one_line_when_nothing_answers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database);

        var ready = await CliProcess.RunAsync(new Dictionary<string, string?>(), "health", "--url", host.Address!.ToString());
        Assert.True(ready.ExitCode == ActionItemsCli.ExitOk, ready.StdOut + ready.StdErr);

        var unreachable = await CliProcess.RunAsync(new Dictionary<string, string?>(), "health", "--url", "http://127.0.0.1:9/");
        Assert.Equal(HealthCommand.ExitUnhealthy, unreachable.ExitCode);
        Assert.StartsWith("not ready: http://127.0.0.1:9/readyz", unreachable.StdErr, StringComparison.Ordinal);
        Assert.Single(unreachable.StdErr.Trim().Split('\n'));
    }
}
