using ActionItems.Api.Hosting;
using ActionItems.Application;
using ActionItems.Application.Sync;
using ActionItems.Sync.Phabricator;

namespace ActionItems.Api.Trackers;

/// <summary>
/// <c>POST /webhooks/phabricator/{target}</c>: reads the body (bounded) and hands it to <see cref="TrackerWebhooks"/>,
/// which checks it and queues a pull; answered at once, so Phorge's delivery never waits for the tracker.
/// </summary>
public static class PhabricatorWebhookEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;

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
            return Problem(StatusCodes.Status413PayloadTooLarge, $"webhook bodies are at most {MaxBodyBytes} bytes");
        }
        var result = await webhooks.AcceptPhabricatorAsync(
            new PhabricatorWebhookDelivery(target, body, request.Headers[PhabricatorWebhook.SignatureHeader].ToString()), cancellationToken);
        if (result.Value is { } receipt)
        {
            return Results.Json(new { accepted = receipt.ObjectPhid, objectType = receipt.ObjectType, pulled = receipt.PullQueued, outcome = OutcomeName(receipt.Outcome) },
                statusCode: StatusCodes.Status202Accepted);
        }
        var error = result.Errors[0];
        return Problem(error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            _ => StatusCodes.Status400BadRequest,
        }, error.Message);
    }

    /// <summary>The receipt's <c>outcome</c>, spelled as the README documents it.</summary>
    public static string OutcomeName(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Queued => "queued",
        WebhookOutcome.NotATask => "not-a-task",
        WebhookOutcome.NotLinked => "not-linked",
        WebhookOutcome.Duplicate => "duplicate",
        WebhookOutcome.AlreadyQueued => "already-queued",
        WebhookOutcome.Stale => "stale",
        WebhookOutcome.Ping => "ping",
        WebhookOutcome.IgnoredEvent => "ignored-event",
        WebhookOutcome.NotAnIssue => "not-an-issue",
        WebhookOutcome.OwnChange => "own-change",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
