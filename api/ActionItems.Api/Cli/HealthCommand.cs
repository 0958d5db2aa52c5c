using System.CommandLine;
using ActionItems.Api.Health;

namespace ActionItems.Api.Cli;

/// <summary>
/// <c>health</c>: asks a running api process whether it is ready (<c>/readyz</c>) and exits 0 or 1 — a container
/// health check that needs no curl in the runtime image.
/// </summary>
public static class HealthCommand
{
    public const int ExitUnhealthy = 1;

    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "The process to ask (default: http://127.0.0.1:5080, the port the image listens on).",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var command = new Command("health", "Ask a running api process whether it is ready (GET /readyz); exit 0 when it is, 1 when not.") { url };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!Uri.TryCreate(parseResult.GetValue(url), UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"error: --url '{parseResult.GetValue(url)}' is not an http(s) URL");
                return ActionItemsCli.ExitUsage;
            }
            var address = new Uri(baseAddress, HealthRegistration.ReadinessPath);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await client.GetAsync(address, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"ready: {address}");
                    return ActionItemsCli.ExitOk;
                }
                await Console.Error.WriteLineAsync($"not ready: {address} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"not ready: {address}: {e.Message}");
            }
            return ExitUnhealthy;
        });
        return command;
    }
}
