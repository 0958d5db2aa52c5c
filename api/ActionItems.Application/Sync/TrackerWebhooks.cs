using System.Security.Cryptography;
using System.Text;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;
using ActionItems.Sync.Jobs;
using ActionItems.Sync.Phabricator;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.Application.Sync;

/// <summary>A Herald webhook delivery: the target named in its URL, the raw body and its signature header.</summary>
public sealed record PhabricatorWebhookDelivery(string Target, byte[] Body, string? Signature);

/// <summary>
/// A GitHub webhook delivery: the target named in its URL, the raw body and the headers GitHub sends with it
/// (<c>X-Hub-Signature-256</c>, <c>X-GitHub-Event</c>, <c>X-GitHub-Delivery</c>).
/// </summary>
public sealed record GitHubWebhookDelivery(string Target, byte[] Body, string? Signature, string? Event, string? DeliveryId);

/// <summary>What became of an accepted delivery.</summary>
public enum WebhookOutcome
{
    /// <summary>A pull of the object was queued.</summary>
    Queued,

    /// <summary>The object is not a task (a project, a commit, a user…): nothing to pull.</summary>
    NotATask,

    /// <summary>No item links the task (and no link waits for its first fill): nothing to pull.</summary>
    NotLinked,

    /// <summary>The same delivery (same object and transactions, or the same body) was accepted within the window.</summary>
    Duplicate,

    /// <summary>A pull of the object is already queued and has not started; it will read this change too.</summary>
    AlreadyQueued,

    /// <summary>The delivery was sent (<c>action.epoch</c>) longer ago than <see cref="WebhookFreshness.MaxAge"/>: nothing is queued.</summary>
    Stale,

    /// <summary>GitHub's <c>ping</c>, sent when the webhook is created: the signature checked out, nothing to pull.</summary>
    Ping,

    /// <summary>A GitHub event other than <c>issues</c> and <c>issue_comment</c>: nothing to pull.</summary>
    IgnoredEvent,

    /// <summary>A GitHub delivery about a pull request (its comments come as <c>issue_comment</c>): nothing to pull.</summary>
    NotAnIssue,

    /// <summary>The change was made by the target's own sync account (our push): the push stored its answer already.</summary>
    OwnChange,
}

/// <summary>An accepted delivery: the object it named (type and PHID) and what was done about it.</summary>
public sealed record WebhookReceipt(string ObjectType, string ObjectPhid, WebhookOutcome Outcome)
{
    public bool PullQueued => Outcome == WebhookOutcome.Queued;
}

/// <summary>What a GitHub delivery was about (event, action, issue <c>owner/repo#12</c>; null for a ping) and what was done.</summary>
public sealed record GitHubWebhookReceipt(string Event, string? Action, string? Issue, WebhookOutcome Outcome)
{
    public bool PullQueued => Outcome == WebhookOutcome.Queued;
}

/// <summary>
/// Webhook deliveries are only hints. A delivery is checked (HMAC of the raw body) and turned into a targeted pull of
/// the object it names; the pull re-reads the object, so a replayed or out-of-order delivery cannot change anything
/// extra — but each pull costs tracker calls, so replays and bursts are de-duplicated before anything is queued
/// (<see cref="WebhookDelivery"/>).
/// </summary>
public sealed class TrackerWebhooks(ActionItemsDbContext db, SyncTargetRegistry registry, IBackgroundJobClient jobs, TimeProvider clock,
    WebhookFreshness freshness, GitHubConnectorFactory gitHub, ILogger<TrackerWebhooks> logger)
{
    /// <summary>The longest <c>X-GitHub-Delivery</c> taken (GitHub sends a GUID, 36 characters).</summary>
    public const int MaxDeliveryIdLength = 100;

    /// <summary>
    /// How long a delivery waits for the sync account's login when this process has not read it yet (one GitHub call):
    /// GitHub gives a delivery 10 s, so after this the delivery is taken as someone else's (a pull too many, never one
    /// too few).
    /// </summary>
    public static readonly TimeSpan SyncAccountLookupTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Phorge's <c>object.type</c> of a Maniphest task, the only kind of object a link names.</summary>
    public const string TaskObjectType = "TASK";

    /// <summary>The longest object PHID accepted (the claim table's column); real PHIDs are about 30 characters.</summary>
    public const int MaxObjectPhidLength = 200;

    /// <summary>
    /// The accepted object and what was done about it, or why the delivery was refused (nothing is queued then). A
    /// Herald rule usually fires for every task of a project, most of which no item links: those cost no tracker call.
    /// An object is pulled when a link names its PHID, or while the target has links not filled yet (their PHIDs are
    /// unknown until the fill reads them; the pull matches them by task number). A delivery already accepted within
    /// <see cref="WebhookDelivery.Window"/>, or one whose object already has a pull queued that has not started,
    /// queues nothing more: in every process at once, as the claims are rows of one table.
    /// </summary>
    public async Task<Result<WebhookReceipt>> AcceptPhabricatorAsync(PhabricatorWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var (options, secret, refusal) = WebhookTarget(delivery.Target, TrackerKind.Phabricator, "Phabricator",
            "the same HMAC key as the Herald webhook's");
        if (refusal is not null)
        {
            return Result<WebhookReceipt>.Fail(refusal);
        }
        if (!PhabricatorWebhook.IsSignatureValid(delivery.Body, delivery.Signature ?? "", secret))
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.Unauthenticated, $"missing or wrong {PhabricatorWebhook.SignatureHeader}");
        }
        PhabricatorWebhookEvent webhookEvent;
        try
        {
            webhookEvent = PhabricatorWebhook.Parse(delivery.Body);
        }
        catch (PhabricatorWebhookFormatException e)
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.ParseError, e.Message);
        }
        var phid = webhookEvent.ObjectPhid;
        if (phid.Length > MaxObjectPhidLength)
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.ParseError, $"object.phid is longer than {MaxObjectPhidLength} characters");
        }
        if (!string.Equals(webhookEvent.ObjectType, TaskObjectType, StringComparison.Ordinal))
        {
            return Result<WebhookReceipt>.Ok(new WebhookReceipt(webhookEvent.ObjectType, phid, WebhookOutcome.NotATask));
        }
        // Checked before any look-up or claim: a stale body (a replay of a captured delivery) costs no database write,
        // and it claims nothing, so it cannot shadow a fresh delivery of the same transactions.
        if (webhookEvent.SentAt is { } sentAt && sentAt < clock.GetUtcNow() - freshness.MaxAge)
        {
            return Result<WebhookReceipt>.Ok(new WebhookReceipt(webhookEvent.ObjectType, phid, WebhookOutcome.Stale));
        }
        if (await TargetIdAsync(options, cancellationToken) is not { } id)
        {
            return Result<WebhookReceipt>.Fail(NotSetUp(options));
        }
        if (!await MayBeLinkedAsync(id, phid, remoteId: null, cancellationToken))
        {
            return Result<WebhookReceipt>.Ok(new WebhookReceipt(webhookEvent.ObjectType, phid, WebhookOutcome.NotLinked));
        }
        var outcome = await QueuePullOnceAsync(id, webhookEvent, delivery.Body, cancellationToken);
        return Result<WebhookReceipt>.Ok(new WebhookReceipt(webhookEvent.ObjectType, phid, outcome));
    }

    /// <summary>
    /// A GitHub delivery: checked (<c>X-Hub-Signature-256</c>, HMAC-SHA256 of the raw body with the target's
    /// <c>WebhookSecret</c>) and, for an <c>issues</c> or <c>issue_comment</c> event about an issue an item links, turned
    /// into a pull of that issue. A target without a secret has no webhook at all (not found): GitHub sends unsigned
    /// deliveries when its webhook has no secret, and those must never be taken. Deliveries are de-duplicated on
    /// <c>X-GitHub-Delivery</c> (a redelivery repeats it) and on the queued pull; changes our own sync account made (the
    /// echo of a push) queue nothing.
    /// </summary>
    public async Task<Result<GitHubWebhookReceipt>> AcceptGitHubAsync(GitHubWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var (options, secret, refusal) = WebhookTarget(delivery.Target, TrackerKind.GitHub, "GitHub", "the same secret on GitHub's webhook");
        if (refusal is not null)
        {
            return Result<GitHubWebhookReceipt>.Fail(refusal);
        }
        if (!GitHubWebhook.IsSignatureValid(delivery.Body, delivery.Signature, secret))
        {
            return Result<GitHubWebhookReceipt>.Fail(ErrorKind.Unauthenticated, $"missing or wrong {GitHubWebhook.SignatureHeader}");
        }
        if (string.IsNullOrWhiteSpace(delivery.Event))
        {
            return Result<GitHubWebhookReceipt>.Fail(ErrorKind.ParseError, $"missing {GitHubWebhook.EventHeader}");
        }
        var eventName = delivery.Event.Trim();
        if (eventName == GitHubWebhook.PingEvent)
        {
            return Result<GitHubWebhookReceipt>.Ok(new GitHubWebhookReceipt(eventName, null, null, WebhookOutcome.Ping));
        }
        if (eventName is not (GitHubWebhook.IssuesEvent or GitHubWebhook.IssueCommentEvent))
        {
            return Result<GitHubWebhookReceipt>.Ok(new GitHubWebhookReceipt(eventName, null, null, WebhookOutcome.IgnoredEvent));
        }
        if (delivery.DeliveryId?.Trim() is not { Length: > 0 and <= MaxDeliveryIdLength } deliveryId)
        {
            return Result<GitHubWebhookReceipt>.Fail(ErrorKind.ParseError,
                $"missing {GitHubWebhook.DeliveryHeader} (or longer than {MaxDeliveryIdLength} characters)");
        }
        GitHubWebhookEvent issueEvent;
        try
        {
            issueEvent = GitHubWebhook.ParseIssueEvent(eventName, delivery.Body);
        }
        catch (GitHubWebhookFormatException e)
        {
            return Result<GitHubWebhookReceipt>.Fail(ErrorKind.ParseError, e.Message);
        }
        GitHubWebhookReceipt Receipt(WebhookOutcome outcome) => new(eventName, issueEvent.Action, issueEvent.RemoteId, outcome);
        if (issueEvent.IsPullRequest)
        {
            return Result<GitHubWebhookReceipt>.Ok(Receipt(WebhookOutcome.NotAnIssue));
        }
        if (await TargetIdAsync(options, cancellationToken) is not { } id)
        {
            return Result<GitHubWebhookReceipt>.Fail(NotSetUp(options));
        }
        var remoteId = issueEvent.RemoteId;
        if (!await MayBeLinkedAsync(id, issueEvent.InternalId, remoteId, cancellationToken))
        {
            return Result<GitHubWebhookReceipt>.Ok(Receipt(WebhookOutcome.NotLinked));
        }
        // After the link check: deliveries for issues nobody links (most of a busy repository's) never cost a GitHub call.
        if (issueEvent.SenderLogin is { } sender && await SyncAccountLoginAsync(options, cancellationToken) is { } me &&
            string.Equals(sender, me, StringComparison.OrdinalIgnoreCase))
        {
            return Result<GitHubWebhookReceipt>.Ok(Receipt(WebhookOutcome.OwnChange));
        }
        // The pull reads the issue by owner/repo#12 (one GET), which also works in a process that has not seen its id.
        var outcome = await QueuePullOnceAsync(id, remoteId, "delivery:github:" + deliveryId, cancellationToken);
        return Result<GitHubWebhookReceipt>.Ok(Receipt(outcome));
    }

    /// <summary>
    /// The configured target of <paramref name="kind"/> a webhook URL names, and its secret; or why the delivery is refused,
    /// before its signature is checked: no such target, or a target without <c>WebhookSecret</c>. A target without a
    /// secret has no webhook at all (not found, signed or not): no signature the sender could add would be checked, and
    /// an unsigned delivery (GitHub sends those when its webhook has no secret) must never be taken.
    /// </summary>
    private (SyncTargetOptions Options, string Secret, UseCaseError? Refusal) WebhookTarget(string targetName, TrackerKind kind,
        string trackerName, string sameSecretThere)
    {
        var options = registry.Find(targetName);
        if (options is null || options.Kind != kind)
        {
            return (null!, "", new UseCaseError(ErrorKind.NotFound, $"no {trackerName} sync target named '{targetName}' is configured"));
        }
        if (options.WebhookSecret is not { } secret)
        {
            return (options, "", new UseCaseError(ErrorKind.NotFound,
                $"the {trackerName} webhook of target '{options.Name}' is off: set its WebhookSecret (and {sameSecretThere}) to turn it on"));
        }
        return (options, secret, null);
    }

    /// <summary>The target's row, which its first start writes; null until then.</summary>
    private Task<long?> TargetIdAsync(SyncTargetOptions options, CancellationToken cancellationToken) =>
        db.SyncTargets.Where(t => t.Name == options.Name).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);

    private static UseCaseError NotSetUp(SyncTargetOptions options) => new(ErrorKind.NotFound, $"sync target '{options.Name}' is not set up yet");

    /// <summary>
    /// Whether a link of the target may name the object: one kept on its internal id (a PHID, a GitHub issue id), one
    /// naming its <paramref name="remoteId"/> (GitHub's <c>owner/repo#12</c>, known from the delivery), or any link waiting
    /// for its first fill (its internal id is unknown until the fill reads it; the pull matches it).
    /// </summary>
    private Task<bool> MayBeLinkedAsync(long targetId, string internalId, string? remoteId, CancellationToken cancellationToken) =>
        db.TrackerLinks.AnyAsync(l => l.SyncTargetId == targetId &&
            (l.RemoteInternalId == internalId || (remoteId != null && l.RemoteId == remoteId) || (l.RemoteInternalId == null && l.RemoteId != null)),
            cancellationToken);

    /// <summary>The sync account's login, or null when it cannot be read in time (the delivery is then pulled).</summary>
    private async Task<string?> SyncAccountLoginAsync(SyncTargetOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await gitHub.SyncAccountLoginAsync(options, cancellationToken).WaitAsync(SyncAccountLookupTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TrackerException or TimeoutException)
        {
            logger.LogWarning("{Target}: the sync account could not be read ({Reason}); the webhook delivery is pulled as someone else's",
                options.Name, e.Message);
            return null;
        }
    }

    private Task<WebhookOutcome> QueuePullOnceAsync(long targetId, PhabricatorWebhookEvent webhookEvent, byte[] body,
        CancellationToken cancellationToken) =>
        QueuePullOnceAsync(targetId, webhookEvent.ObjectPhid, DeliveryKey(webhookEvent, body), cancellationToken);

    private async Task<WebhookOutcome> QueuePullOnceAsync(long targetId, string phid, string deliveryKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var staleBefore = now - WebhookDelivery.Window;
        if (!await WebhookDeliverySql.TryClaimAsync(db, targetId, deliveryKey, phid, now, staleBefore, cancellationToken))
        {
            return WebhookOutcome.Duplicate;
        }
        var pullKey = WebhookDelivery.PullKey(phid);
        if (!await WebhookDeliverySql.TryClaimAsync(db, targetId, pullKey, phid, now, staleBefore, cancellationToken))
        {
            return WebhookOutcome.AlreadyQueued;
        }
        try
        {
            jobs.Enqueue<PullRemoteObjectJob>(j => j.RunAsync(targetId, phid, CancellationToken.None));
        }
        catch
        {
            // Nothing was queued: let Phorge's retry of this delivery through instead of swallowing it for the window.
            await WebhookDeliverySql.ReleaseAsync(db, targetId, pullKey, CancellationToken.None);
            await WebhookDeliverySql.ReleaseAsync(db, targetId, deliveryKey, CancellationToken.None);
            throw;
        }
        return WebhookOutcome.Queued;
    }

    /// <summary>
    /// A delivery's identity: its object and the transactions it reports (a replay, a retry by Phorge or a second Herald
    /// rule for the same edit carries the same ones; a new edit has new transaction PHIDs, so it is never taken for a
    /// replay), or, when it lists none, its exact body.
    /// </summary>
    internal static string DeliveryKey(PhabricatorWebhookEvent webhookEvent, byte[] body)
    {
        var identity = webhookEvent.TransactionPhids.Count > 0
            ? Encoding.UTF8.GetBytes("transactions\n" + webhookEvent.ObjectPhid + "\n" +
                string.Join("\n", webhookEvent.TransactionPhids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)))
            : body;
        return "delivery:" + Convert.ToHexStringLower(SHA256.HashData(identity));
    }
}
