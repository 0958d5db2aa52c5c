using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.Application.Policies;

public enum PolicyDigestOutcome
{
    /// <summary>The digest was delivered and its day recorded.</summary>
    Sent,

    /// <summary>Today's digest was delivered before (an earlier run, or a run that finished while this one waited).</summary>
    AlreadySent,

    /// <summary>Nothing violates a rule: no digest ("all clear" is not sent), no day recorded.</summary>
    NothingToReport,

    /// <summary>No <c>Policies:Digest:WebhookUrl</c>: the rules were evaluated and logged only.</summary>
    NotConfigured,

    /// <summary>The webhook answered 4xx: a permanent error, logged once and not retried; the day stays unrecorded.</summary>
    Refused,
}

/// <summary>A 5xx answer from the digest webhook: thrown so that Hangfire retries the job.</summary>
public sealed class PolicyDigestDeliveryException(string message) : Exception(message);

/// <summary>
/// Daily: evaluates the remediation policies, logs the counts and, when a webhook is configured, POSTs one digest
/// (<see cref="PolicyDigest"/>) per UTC day. The day's row is inserted before the POST and committed only after a
/// 2xx, in one transaction: a day with a row is never sent again, and a failed POST leaves no row, so the retry sends
/// it. On PostgreSQL a second run at the same moment waits on the first one's uncommitted row and then finds the day taken.
/// A 5xx, a timeout or a refused connection throws (retried by Hangfire); a 4xx is logged and not retried.
/// </summary>
[AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
[DisableConcurrentExecution(timeoutInSeconds: 300)]
public sealed partial class PolicyDigestJob(ActionItemsDbContext db, PolicyViolations violations, PolicyOptions options,
    IHttpClientFactory httpClients, TimeProvider clock, ILogger<PolicyDigestJob> logger)
{
    public const string RecurringId = "policies:daily-digest";
    public const string HttpClientName = "policy-digest";

    public async Task<PolicyDigestOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var summaries = await violations.SummarizeAsync(options.Digest.TopItems, cancellationToken);
        var total = summaries.Sum(s => s.Count);
        LogEvaluated(logger, total, string.Join(", ", summaries.Select(s => $"{s.Rule.Name}={s.Count}")));
        if (options.Digest.WebhookUrl is not { } url)
        {
            return PolicyDigestOutcome.NotConfigured;
        }
        if (await db.PolicyDigestDeliveries.AnyAsync(d => d.Day == day, cancellationToken))
        {
            return PolicyDigestOutcome.AlreadySent;
        }
        if (total == 0)
        {
            return PolicyDigestOutcome.NothingToReport;
        }

        var slugs = await IncidentSlugsAsync(summaries, cancellationToken);
        var digest = PolicyDigest.Build(day, summaries, slugs);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PolicyDigestDeliveries.Add(new PolicyDigestDelivery { Day = day, SentAt = clock.GetUtcNow(), Violations = total });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await db.PolicyDigestDeliveries.AnyAsync(d => d.Day == day, cancellationToken))
            {
                return PolicyDigestOutcome.AlreadySent;
            }
            throw;
        }

        var http = httpClients.CreateClient(HttpClientName);
        http.Timeout = options.Digest.Timeout;
        // A timeout, a refused connection or a 5xx escapes from here: the transaction is rolled back on dispose (the
        // day stays unrecorded) and Hangfire retries.
        using var response = await http.PostAsJsonAsync(url, digest, PolicyDigest.Json, cancellationToken);
        var status = (int)response.StatusCode;
        if (status is >= 400 and < 500)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogRefused(logger, Day(day), url.Host, status);
            return PolicyDigestOutcome.Refused;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new PolicyDigestDeliveryException($"The policy digest webhook at {url.Host} answered {status}; the digest for {Day(day)} will be retried.");
        }
        await transaction.CommitAsync(cancellationToken);
        LogSent(logger, Day(day), url.Host, total);
        return PolicyDigestOutcome.Sent;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Dictionary<long, string>> IncidentSlugsAsync(IReadOnlyList<PolicyRuleSummary> summaries, CancellationToken cancellationToken)
    {
        var ids = summaries.SelectMany(s => s.Oldest).Select(v => v.Item.IncidentId).Distinct().ToList();
        return await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Slug, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Remediation policies: {Total} violation(s) ({Counts})")]
    private static partial void LogEvaluated(ILogger logger, int total, string counts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Policy digest for {Day} sent to {Host}: {Total} violation(s)")]
    private static partial void LogSent(ILogger logger, string day, string host, int total);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Policy digest for {Day} refused by the webhook at {Host} with {Status}: not retried; check Policies:Digest:WebhookUrl")]
    private static partial void LogRefused(ILogger logger, string day, string host, int status);
}

/// <summary>
/// The digest's JSON: a Slack-compatible <c>text</c> (a readable summary) plus the same in structure: the day, the
/// total, and per rule its count and oldest violations.
/// </summary>
public sealed record PolicyDigest(string Text, string Day, int Total, IReadOnlyList<PolicyDigest.RuleCount> Violations)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record RuleCount(string Rule, string Description, int Count, IReadOnlyList<Item> Items);

    public sealed record Item(string Id, string Title, string? Incident, DateTimeOffset Since, string Message);

    public static PolicyDigest Build(DateOnly day, IReadOnlyList<PolicyRuleSummary> summaries, IReadOnlyDictionary<long, string> slugs)
    {
        var total = summaries.Sum(s => s.Count);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"*ActionItems remediation policies, {day:yyyy-MM-dd}*: {total} violation(s)");
        foreach (var summary in summaries.Where(s => s.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• *{summary.Rule.Name}* ({summary.Rule.Description}): {summary.Count}");
            foreach (var violation in summary.Oldest)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"\n    – #{violation.Item.Id} {violation.Item.Title} ({slugs.GetValueOrDefault(violation.Item.IncidentId)}), since {violation.Since:yyyy-MM-dd}");
            }
        }
        return new PolicyDigest(text.ToString(), day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), total,
            summaries.Select(s => new RuleCount(s.Rule.Name, s.Rule.Description, s.Count,
                s.Oldest.Select(v => new Item(v.Item.Id.ToString(CultureInfo.InvariantCulture), v.Item.Title,
                    slugs.GetValueOrDefault(v.Item.IncidentId), v.Since, v.Message)).ToList())).ToList());
    }
}
