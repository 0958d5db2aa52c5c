using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using System.Text.RegularExpressions;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Auth;

// Starts a host in this process (Hangfire keeps its storage in a static): not alongside other hosts.
[Collection(HostCollection.Name)]
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
    public async Task A_token_revoked_by_the_cli_is_refused_by_a_running_host_at_once_and_list_shows_its_last_use()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var environment = new Dictionary<string, string?> { ["Database__SqlitePath"] = database.Options.SqliteFile };
        var secret = (await CliProcess.RunAsync(environment, "token", "create", "--role", "viewer", "--name", "grafana")).StdOut.Trim();
        var unused = await CliProcess.RunAsync(environment, "token", "create", "--role", "viewer", "--name", "idle");
        await using var host = await RunningHost.StartAsync(database, HostRole.Api);

        var before = await CountItemsAsync(host, secret);
        var listed = await CliProcess.RunAsync(environment, "token", "list");
        var revoked = await CliProcess.RunAsync(environment, "token", "revoke", "--name", "grafana");
        var after = await CountItemsAsync(host, secret);

        Assert.Equal((0, 0, 0), (unused.ExitCode, listed.ExitCode, revoked.ExitCode));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (before, after));
        var lines = listed.StdOut.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED \(UTC\)\s+REVOKED$", lines[0]);
        Assert.Matches($@"^grafana\s+viewer\s+ai_\S+…\s+{DateTime.UtcNow:yyyy-MM-dd}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d$", lines[1]);
        Assert.Matches(@"^idle\s+viewer\s+ai_\S+…\s+\d{4}-\d\d-\d\d\s+never$", lines[2]);
    }

    private static async Task<HttpStatusCode> CountItemsAsync(RunningHost host, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "{ actionItems { totalCount } }" }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", secret) },
        };
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
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
