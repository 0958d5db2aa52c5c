using ActionItems.Api.Hosting;
using ActionItems.Application.Sync;
using ActionItems.Sync.Phabricator;

namespace ActionItems.Api.Trackers;

/// <summary>
/// <c>POST /webhooks/phabricator/{target}</c>: reads the body (bounded) and hands it to <see cref="TrackerWebhooks"/>,
/// which checks it and queues a pull; answered at once, so Phorge's delivery never waits for the tracker.
/// </summary>
public static class PhabricatorWebhookEndpoint
{
    public const int MaxBodyBytes = WebhookResponses.MaxBodyBytes;

    public static IEndpointRouteBuilder MapPhabricatorWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/phabricator/{target}", HandleAsync).DisableAntiforgery().WithBodyLimit(MaxBodyBytes);
        return app;
    }

    private static async Task<IResult> HandleAsync(string target, HttpRequest request, TrackerWebhooks webhooks,
        CancellationToken cancellationToken)
    {
        var body = await BoundedBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return WebhookResponses.TooLarge();
        }
        var result = await webhooks.AcceptPhabricatorAsync(
            new PhabricatorWebhookDelivery(target, body, request.Headers[PhabricatorWebhook.SignatureHeader].ToString()), cancellationToken);
        if (result.Value is { } receipt)
        {
            return WebhookResponses.Accepted(new { accepted = receipt.ObjectPhid, objectType = receipt.ObjectType, pulled = receipt.PullQueued, outcome = WebhookResponses.OutcomeName(receipt.Outcome) });
        }
        return WebhookResponses.Refused(result.Errors[0]);
    }
}
