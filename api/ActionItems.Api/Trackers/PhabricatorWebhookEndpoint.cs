using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using ActionItems.Sync.Phabricator;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.Trackers;

/// <summary>
/// <c>POST /webhooks/phabricator/{target}</c>: a Herald webhook is only a hint. It is checked (HMAC of the
/// raw body), turned into a targeted pull of <c>object.phid</c> and answered at once; the pull re-reads the
/// task, so replayed, duplicated or out-of-order deliveries (Phorge retries for days) change nothing extra.
/// </summary>
public static class PhabricatorWebhookEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapPhabricatorWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/phabricator/{target}", HandleAsync).DisableAntiforgery().WithBodyLimit(MaxBodyBytes);
        return app;
    }

    private static async Task<IResult> HandleAsync(string target, HttpRequest request, SyncTargetRegistry registry,
        ActionItemsDbContext db, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        var options = registry.Find(target);
        if (options is null || options.Kind != TrackerKind.Phabricator)
        {
            return Problem(StatusCodes.Status404NotFound, $"no Phabricator sync target named '{target}' is configured");
        }
        var body = await BoundedBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, $"webhook bodies are at most {MaxBodyBytes} bytes");
        }
        if (options.WebhookSecret is null)
        {
            return Problem(StatusCodes.Status401Unauthorized, $"target '{options.Name}' has no WebhookSecret configured; unsigned webhooks are refused");
        }
        if (!PhabricatorWebhook.IsSignatureValid(body, request.Headers[PhabricatorWebhook.SignatureHeader].ToString(), options.WebhookSecret))
        {
            return Problem(StatusCodes.Status401Unauthorized, $"missing or wrong {PhabricatorWebhook.SignatureHeader}");
        }
        string phid;
        try
        {
            phid = PhabricatorWebhook.Parse(body).ObjectPhid;
        }
        catch (PhabricatorWebhookFormatException e)
        {
            return Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        var targetId = await db.SyncTargets.Where(t => t.Name == options.Name).Select(t => (long?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (targetId is not { } id)
        {
            return Problem(StatusCodes.Status404NotFound, $"sync target '{options.Name}' is not set up yet");
        }
        jobs.Enqueue<PullRemoteObjectJob>(j => j.RunAsync(id, phid, CancellationToken.None));
        return Results.Json(new { accepted = phid }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
