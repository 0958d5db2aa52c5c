using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using ActionItems.Application.Policies;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Policies;

/// <summary>The daily digest against a real HTTP webhook on 127.0.0.1: sent once per UTC day, retried on 5xx and timeouts.</summary>
public class PolicyDigestJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_digest_is_sent_once_per_day_however_often_the_job_runs(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await PolicyViolationsTests.SeedAsync(database);
        await using var webhook = await FakeWebhook.StartAsync();
        var clock = new FakeTimeProvider(Now);
        var logs = new LogCapture();

        var first = await RunAsync(database, webhook, clock, logs);
        var second = await RunAsync(database, webhook, clock, logs);

        Assert.Equal((PolicyDigestOutcome.Sent, PolicyDigestOutcome.AlreadySent), (first, second));
        var digest = Assert.Single(webhook.Bodies);
        Assert.StartsWith("*ActionItems remediation policies, 2026-11-24*: 6 violation(s)\n• *owner-within-7-days* (Every item has an owner within 7 day(s) of being opened): 2\n    – #",
            digest.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(("2026-11-24", 6), (digest.GetProperty("day").GetString(), digest.GetProperty("total").GetInt32()));
        var perRule = digest.GetProperty("violations").EnumerateArray()
            .Select(r => (r.GetProperty("rule").GetString(), r.GetProperty("count").GetInt32(), r.GetProperty("items").GetArrayLength()));
        Assert.Equal([("owner-within-7-days", 2, 2), ("high-resolved-within-30-days", 1, 1), ("final-postmortem-linked", 2, 2),
            ("due-within-14-days", 1, 1)], perRule);
        var oldest = digest.GetProperty("violations")[0].GetProperty("items")[0];
        Assert.Equal(("unowned-30d", "2026-10 draft", "2026-11-01T12:00:00+00:00"),
            (oldest.GetProperty("title").GetString(), oldest.GetProperty("incident").GetString(), oldest.GetProperty("since").GetString()));

        await using (var db = database.CreateContext())
        {
            var recorded = Assert.Single(await db.PolicyDigestDeliveries.ToListAsync());
            Assert.Equal((new DateOnly(2026, 11, 24), 6), (recorded.Day, recorded.Violations));
        }
        // The secret part of the URL (its path) is never logged.
        Assert.Contains(logs.Records, r => r.Message == "Policy digest for 2026-11-24 sent to 127.0.0.1: 6 violation(s)");
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains(FakeWebhook.Secret, StringComparison.Ordinal));

        // The next UTC day has a digest of its own.
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(PolicyDigestOutcome.Sent, await RunAsync(database, webhook, clock, logs));
        Assert.Equal(["2026-11-24", "2026-11-25"], webhook.Bodies.Select(b => b.GetProperty("day").GetString()));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_5xx_or_a_timeout_fails_the_run_for_Hangfire_to_retry_and_the_retry_sends_it_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await PolicyViolationsTests.SeedAsync(database);
        await using var webhook = await FakeWebhook.StartAsync();
        var clock = new FakeTimeProvider(Now);
        var logs = new LogCapture();
        webhook.Answers.Enqueue((500, TimeSpan.Zero));
        webhook.Answers.Enqueue((200, TimeSpan.FromSeconds(3)));

        var serverError = await Assert.ThrowsAsync<PolicyDigestDeliveryException>(() => RunAsync(database, webhook, clock, logs));
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => RunAsync(database, webhook, clock, logs, timeoutSeconds: 1));
        await using (var db = database.CreateContext())
        {
            Assert.Empty(await db.PolicyDigestDeliveries.ToListAsync());
        }
        var retried = await RunAsync(database, webhook, clock, logs);
        var again = await RunAsync(database, webhook, clock, logs);

        Assert.Equal("The policy digest webhook at 127.0.0.1 answered 500; the digest for 2026-11-24 will be retried.", serverError.Message);
        Assert.Equal((PolicyDigestOutcome.Sent, PolicyDigestOutcome.AlreadySent), (retried, again));
        // The 500, the one that timed out, the retry that went through; the run after it sent nothing.
        Assert.Equal(3, webhook.Bodies.Count);
        await using (var db = database.CreateContext())
        {
            Assert.Single(await db.PolicyDigestDeliveries.ToListAsync());
        }
        var retry = typeof(PolicyDigestJob).GetCustomAttribute<AutomaticRetryAttribute>()!;
        Assert.True(retry.Attempts >= 3);
        Assert.NotNull(typeof(PolicyDigestJob).GetCustomAttribute<DisableConcurrentExecutionAttribute>());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_runs_at_the_same_moment_send_one_digest(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await PolicyViolationsTests.SeedAsync(database);
        await using var webhook = await FakeWebhook.StartAsync();
        var clock = new FakeTimeProvider(Now);
        var logs = new LogCapture();
        // The first POST takes a while, so the other run gets to insert the day while the first has it uncommitted.
        webhook.Answers.Enqueue((200, TimeSpan.FromSeconds(1)));

        var outcomes = await Task.WhenAll(RunAsync(database, webhook, clock, logs), RunAsync(database, webhook, clock, logs));

        Assert.Equal([PolicyDigestOutcome.Sent, PolicyDigestOutcome.AlreadySent], outcomes.Order());
        Assert.Single(webhook.Bodies);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_4xx_is_permanent_logged_once_without_the_url_and_not_recorded(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await PolicyViolationsTests.SeedAsync(database);
        await using var webhook = await FakeWebhook.StartAsync();
        var clock = new FakeTimeProvider(Now);
        var logs = new LogCapture();
        webhook.Answers.Enqueue((404, TimeSpan.Zero));

        var outcome = await RunAsync(database, webhook, clock, logs);

        Assert.Equal(PolicyDigestOutcome.Refused, outcome);
        var error = Assert.Single(logs.Records, r => r.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.EndsWith("refused by the webhook at 127.0.0.1 with 404: not retried; check Policies:Digest:WebhookUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Records, r => r.Message.Contains(FakeWebhook.Secret, StringComparison.Ordinal));
        await using var db = database.CreateContext();
        Assert.Empty(await db.PolicyDigestDeliveries.ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nothing_is_sent_when_nothing_violates_or_no_webhook_is_configured(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var webhook = await FakeWebhook.StartAsync();
        var clock = new FakeTimeProvider(Now);
        var logs = new LogCapture();

        var allClear = await RunAsync(database, webhook, clock, logs);
        await PolicyViolationsTests.SeedAsync(database);
        await using var db = database.CreateContext();
        var options = PolicyViolationsTests.Options();
        var notConfigured = await new PolicyDigestJob(db, new PolicyViolations(db, options, clock), options, new PlainHttpClients(), clock,
            new LoggerFactory([logs]).CreateLogger<PolicyDigestJob>()).RunAsync(default);

        Assert.Equal((PolicyDigestOutcome.NothingToReport, PolicyDigestOutcome.NotConfigured), (allClear, notConfigured));
        Assert.Empty(webhook.Bodies);
        Assert.Empty(await db.PolicyDigestDeliveries.ToListAsync());
        Assert.Contains(logs.Records, r => r.Message.StartsWith("Remediation policies: 6 violation(s) (owner-within-7-days=2, ", StringComparison.Ordinal));
    }

    private static async Task<PolicyDigestOutcome> RunAsync(TestDatabase database, FakeWebhook webhook, TimeProvider clock, LogCapture logs,
        int timeoutSeconds = 10)
    {
        // Each run is a job activation of its own: a fresh context, as Hangfire's scope gives it.
        await using var db = database.CreateContext();
        var options = PolicyViolationsTests.Options(webhook.Url, timeoutSeconds);
        var job = new PolicyDigestJob(db, new PolicyViolations(db, options, clock), options, new PlainHttpClients(), clock,
            new LoggerFactory([logs]).CreateLogger<PolicyDigestJob>());
        return await job.RunAsync(default);
    }

    private sealed class PlainHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }

    /// <summary>A Slack-style incoming webhook on 127.0.0.1: answers each POST with the next scripted status (then 200).</summary>
    private sealed class FakeWebhook : IAsyncDisposable
    {
        public const string Secret = "T0001/B0002/s3cr3tPath";

        private readonly WebApplication _app;

        private FakeWebhook(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";
        public ConcurrentQueue<(int Status, TimeSpan Delay)> Answers { get; } = new();
        public List<JsonElement> Bodies { get; } = [];
        public static async Task<FakeWebhook> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeWebhook(app);
            app.MapPost("/services/{**path}", fake.AnswerAsync);
            await app.StartAsync();
            fake.Url = $"{app.Urls.First()}/services/{Secret}";
            return fake;
        }

        private async Task<IResult> AnswerAsync(HttpRequest request, string path)
        {
            if (path != Secret || request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return Results.BadRequest();
            }
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            lock (Bodies)
            {
                Bodies.Add(body);
            }
            var (status, delay) = Answers.TryDequeue(out var next) ? next : (200, TimeSpan.Zero);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }
            return Results.StatusCode(status);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
