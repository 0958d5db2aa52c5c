using System.Runtime.InteropServices;
using System.Text.Json;
using ActionItems.FakePhorge;

// Serves one fake Phorge on a free 127.0.0.1 port until stdin closes or the process is told to stop (SIGTERM, Ctrl+C).
// The first line on stdout is a JSON object saying where it listens and the users' Conduit tokens, so a test in
// another process (web/e2e/fakePhorge.ts) can point a sync target at it and edit tasks as someone else.
await using var phorge = await FakePhorge.StartAsync();

var users = new[] { phorge.Admin, phorge.Alice, phorge.Syncbot }.ToDictionary(
    user => user.Username,
    user => new { phid = user.Phid, token = user.Token, realName = user.RealName });
Console.WriteLine(JsonSerializer.Serialize(new
{
    baseUrl = phorge.BaseUrl.ToString(),
    project = phorge.Phorge.IncidentFollowup.Slug,
    users,
}));
await Console.Out.FlushAsync();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

// A parent that dies without stopping us closes our stdin: stop then too, so no fake outlives its test run.
var stdinClosed = Task.Run(async () =>
{
    using var input = Console.OpenStandardInput();
    var buffer = new byte[256];
    while (await input.ReadAsync(buffer, stop.Token) > 0)
    {
    }
}, stop.Token);
try
{
    await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token));
}
catch (OperationCanceledException)
{
    // Stopped by a signal.
}
