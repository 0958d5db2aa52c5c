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

/// <summary>
/// Webhook deliveries are only hints. A delivery is checked (HMAC of the raw body) and turned into a targeted pull of
/// the object it names; the pull re-reads the object, so replayed, duplicated or out-of-order deliveries change
/// nothing extra.
/// </summary>
public sealed class TrackerWebhooks(ActionItemsDbContext db, SyncTargetRegistry registry, IBackgroundJobClient jobs)
{
    /// <summary>The accepted object's PHID, or why the delivery was refused (nothing is queued then).</summary>
    public async Task<Result<string>> AcceptPhabricatorAsync(PhabricatorWebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var options = registry.Find(delivery.Target);
        if (options is null || options.Kind != TrackerKind.Phabricator)
        {
            return Result<string>.Fail(ErrorKind.NotFound, $"no Phabricator sync target named '{delivery.Target}' is configured");
        }
        if (options.WebhookSecret is null)
        {
            return Result<string>.Fail(ErrorKind.Unauthenticated,
                $"target '{options.Name}' has no WebhookSecret configured; unsigned webhooks are refused");
        }
        if (!PhabricatorWebhook.IsSignatureValid(delivery.Body, delivery.Signature ?? "", options.WebhookSecret))
        {
            return Result<string>.Fail(ErrorKind.Unauthenticated, $"missing or wrong {PhabricatorWebhook.SignatureHeader}");
        }
        string phid;
        try
        {
            phid = PhabricatorWebhook.Parse(delivery.Body).ObjectPhid;
        }
        catch (PhabricatorWebhookFormatException e)
        {
            return Result<string>.Fail(ErrorKind.ParseError, e.Message);
        }
        var targetId = await db.SyncTargets.Where(t => t.Name == options.Name).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (targetId is not { } id)
        {
            return Result<string>.Fail(ErrorKind.NotFound, $"sync target '{options.Name}' is not set up yet");
        }
        jobs.Enqueue<PullRemoteObjectJob>(j => j.RunAsync(id, phid, CancellationToken.None));
        return Result<string>.Ok(phid);
    }
}
