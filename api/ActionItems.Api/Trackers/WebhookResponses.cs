using ActionItems.Application;
using ActionItems.Application.Sync;

namespace ActionItems.Api.Trackers;

/// <summary>What every tracker's webhook endpoint shares: the body limit, the receipt's wording and the error answers.</summary>
internal static class WebhookResponses
{
    /// <summary>A delivery names one task or issue; its texts and objects stay far below this.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The answer when <c>BoundedBody.ReadAsync</c> found the body over <see cref="MaxBodyBytes"/>.</summary>
    public static IResult TooLarge() =>
        Problem(StatusCodes.Status413PayloadTooLarge, $"webhook bodies are at most {MaxBodyBytes} bytes");

    /// <summary>202 with the receipt: the delivery was taken, any pull runs in the background.</summary>
    public static IResult Accepted(object receipt) => Results.Json(receipt, statusCode: StatusCodes.Status202Accepted);

    /// <summary>The use case's refusal as an HTTP status with a one-line body.</summary>
    public static IResult Refused(UseCaseError error) => Problem(error.Kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status400BadRequest,
    }, error.Message);

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
