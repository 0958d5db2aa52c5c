using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using ActionItems.Sync.Phabricator;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Sync;

/// <summary>A Herald webhook delivery: the target named in its URL, the raw body and its signature header.</summary>
public sealed record PhabricatorWebhookDelivery(string Target, byte[] Body, string? Signature);

/// <summary>An accepted delivery: the object it named and whether a pull of it was queued (only for objects we may link).</summary>
public sealed record WebhookReceipt(string ObjectPhid, bool PullQueued);

/// <summary>
/// Webhook deliveries are only hints. A delivery is checked (HMAC of the raw body) and turned into a targeted pull of
/// the object it names; the pull re-reads the object, so replayed, duplicated or out-of-order deliveries change
/// nothing extra.
/// </summary>
public sealed class TrackerWebhooks(ActionItemsDbContext db, SyncTargetRegistry registry, IBackgroundJobClient jobs)
{
    /// <summary>
    /// The accepted object and whether it is pulled, or why the delivery was refused (nothing is queued then). A Herald
    /// rule usually fires for every task of a project, most of which no item links: those cost no tracker call. An
    /// object is pulled when a link names its PHID, or while the target has links not filled yet (their PHIDs are
    /// unknown until the fill reads them; the pull matches them by task number).
    /// </summary>
    public async Task<Result<WebhookReceipt>> AcceptPhabricatorAsync(PhabricatorWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var options = registry.Find(delivery.Target);
        if (options is null || options.Kind != TrackerKind.Phabricator)
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.NotFound, $"no Phabricator sync target named '{delivery.Target}' is configured");
        }
        if (options.WebhookSecret is null)
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.Unauthenticated,
                $"target '{options.Name}' has no WebhookSecret configured; unsigned webhooks are refused");
        }
        if (!PhabricatorWebhook.IsSignatureValid(delivery.Body, delivery.Signature ?? "", options.WebhookSecret))
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.Unauthenticated, $"missing or wrong {PhabricatorWebhook.SignatureHeader}");
        }
        string phid;
        try
        {
            phid = PhabricatorWebhook.Parse(delivery.Body).ObjectPhid;
        }
        catch (PhabricatorWebhookFormatException e)
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.ParseError, e.Message);
        }
        var targetId = await db.SyncTargets.Where(t => t.Name == options.Name).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (targetId is not { } id)
        {
            return Result<WebhookReceipt>.Fail(ErrorKind.NotFound, $"sync target '{options.Name}' is not set up yet");
        }
        var mayBeLinked = await db.TrackerLinks.AnyAsync(l => l.SyncTargetId == id &&
            (l.RemoteInternalId == phid || (l.RemoteInternalId == null && l.RemoteId != null)), cancellationToken);
        if (mayBeLinked)
        {
            jobs.Enqueue<PullRemoteObjectJob>(j => j.RunAsync(id, phid, CancellationToken.None));
        }
        return Result<WebhookReceipt>.Ok(new WebhookReceipt(phid, mayBeLinked));
    }
}
