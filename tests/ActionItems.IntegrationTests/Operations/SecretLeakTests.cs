using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActionItems.FakePhorge;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.IntegrationTests.Sync.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Operations;

/// <summary>
/// A full sync run with every log category at its most verbose: the tracker token, the webhook secret and API tokens
/// (also the ones sent as <c>Authorization</c> headers, good and bad) never appear in any log record or exception, nor
/// in the JSON line the console writes for it in production (with its state and scopes).
/// </summary>
[Collection(SyncScenario.Collection)]
public class SecretLeakTests
{
    [Fact]
    public async Task No_token_webhook_secret_or_authorization_header_reaches_the_logs_of_a_full_sync_run()
    {
        await using var s = await SyncScenario.StartAsync(pushPolicy: "NewItems", extraHostArgs:
        [
            "--Logging:LogLevel:Default=Trace",
            "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Trace",
            "--Logging:LogLevel:Hangfire=Trace",
            "--Logging:LogLevel:System.Net.Http.HttpClient=Trace",
        ]);
        var logs = s.Host.Host.Services.GetRequiredService<LogCapture>();
        using var admin = await s.ClientAsync();
        var apiToken = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        const string wrongToken = "ai_this-is-not-a-valid-token-0123456789";

        // Local work pushed, a tracker failure and its retry, a remote change by poll and by webhook, bad requests.
        var created = await admin.PostAsJsonAsync("/graphql", new
        {
            query = "mutation($text: String!) { importPostmortem(input: { text: $text }) { errors { code } } }",
            variables = new { text = "# Certificate expiry\n\n## Action items\n\n- Rotate the TLS certificates\n" },
        });
        created.EnsureSuccessStatusCode();
        s.Phorge.InjectFault(PhorgeFault.ServerError, "maniphest.edit", times: 1);
        await s.DrainAsync();
        await s.RunScheduledNowAsync();
        await s.QuietAsync();
        var task = Assert.Single(s.Phorge.Phorge.AllTasks());
        s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("priority", "high"));
        await s.PollAsync();
        var webhook = new Uri(s.Host.Address!, $"/webhooks/phabricator/{SyncScenario.TargetName}");
        await s.Phorge.DeliverWebhookAsync(webhook, SyncScenario.WebhookSecret, task.Monogram);
        await FakePhorge.FakePhorge.PostWebhookAsync(webhook, SyncScenario.WebhookSecret, "{}", CancellationToken.None,
            signatureOverride: "bad");
        await s.QuietAsync();
        using var wrong = new HttpClient { BaseAddress = s.Host.Address };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", wrongToken);
        Assert.False((await wrong.PostAsJsonAsync("/graphql", new { query = "{ version }" })).IsSuccessStatusCode);

        var records = logs.Records;
        Assert.True(records.Count > 100, $"only {records.Count} records: is verbose logging on?");
        string[] secrets = [s.Phorge.Syncbot.Token, SyncScenario.WebhookSecret, apiToken, wrongToken, "Bearer ai_"];
        // What the console writes outside Development: one JSON object per record, with its state and scopes (trace,
        // request path, job) besides the message — more places a secret could hide.
        Assert.All(records, r => Assert.StartsWith("{", r.Json, StringComparison.Ordinal));
        Assert.Contains(records, r => r.Json.Contains("\"Scopes\":[{", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var text = record.Message + "\n" + record.Exception + "\n" + record.Json;
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal),
                    $"{record.Category} ({record.Level}) logged a secret ({secret[..6]}…): {text}");
            }
        }
        Assert.Contains(records, r => r.Message.Contains("maniphest.edit", StringComparison.Ordinal) || r.Category.Contains("Sync", StringComparison.Ordinal));
    }
}
