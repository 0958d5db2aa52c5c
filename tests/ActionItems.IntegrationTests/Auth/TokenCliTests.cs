using System.Diagnostics;
using System.Text.RegularExpressions;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Auth;

public partial class TokenCliTests
{
    [Fact]
    public async Task Token_create_prints_the_secret_once_and_list_never_shows_it()
    {
        var environment = new Dictionary<string, string?> { ["Database__SqlitePath"] = TempFile() };

        var created = await CliProcess.RunAsync(environment, "token", "create", "--role", "triager", "--name", "triage-bot");
        var listed = await CliProcess.RunAsync(environment, "token", "list");
        var revoked = await CliProcess.RunAsync(environment, "token", "revoke", "--name", "triage-bot");
        var again = await CliProcess.RunAsync(environment, "token", "revoke", "--name", "triage-bot");

        Assert.Equal((0, 0, 0, 2), (created.ExitCode, listed.ExitCode, revoked.ExitCode, again.ExitCode));
        var secret = created.StdOut.Trim();
        Assert.Matches(SecretPattern(), secret);
        Assert.Contains("triage-bot", listed.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed.StdOut, StringComparison.Ordinal);
        Assert.Equal("error: no live token named 'triage-bot'", again.StdErr.Trim());
    }

    [Fact]
    public async Task Token_create_with_an_unknown_role_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["Database__SqlitePath"] = TempFile() },
            "token", "create", "--role", "root", "--name", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --role: unknown role 'root'", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_start_of_the_embedded_default_prints_an_admin_token_once()
    {
        var file = TempFile();
        var first = await ServeUntilListeningAsync(file);
        var second = await ServeUntilListeningAsync(file);

        Assert.Matches(SecretPattern(), first);
        Assert.Contains("first-run-admin", first, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretPattern(), second);
    }

    private static async Task<string> ServeUntilListeningAsync(string sqliteFile)
    {
        using var process = Process.Start(CliProcess.StartInfo(new Dictionary<string, string?>
        {
            ["Database__SqlitePath"] = sqliteFile,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        }, "serve"))!;
        var output = new System.Text.StringBuilder();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.Contains("Now listening on", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return output.ToString();
    }

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"actionitems-token-{Guid.NewGuid():N}.db");

    [GeneratedRegex("ai_[A-Za-z0-9_-]{43}")]
    private static partial Regex SecretPattern();
}
