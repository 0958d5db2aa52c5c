using ActionItems.Api.Hosting;
using ActionItems.Application;
using ActionItems.Application.Sync;
using ActionItems.Sync.GitHub;

namespace ActionItems.Api.Trackers;

/// <summary>
/// <c>POST /webhooks/github/{target}</c>: reads the body (bounded) and hands it with GitHub's headers to
/// <see cref="TrackerWebhooks"/>, which checks the signature and queues a pull; answered at once (GitHub gives a
/// delivery 10 s), never syncing inside the request.
/// </summary>
public static class GitHubWebhookEndpoint
{
    /// <summary>Issue and comment deliveries carry at most two 65,536-character texts and their objects.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapGitHubWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/github/{target}", HandleAsync).DisableAntiforgery().WithBodyLimit(MaxBodyBytes);
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
        var result = await webhooks.AcceptGitHubAsync(new GitHubWebhookDelivery(target, body,
            request.Headers[GitHubWebhook.SignatureHeader].ToString(),
            request.Headers[GitHubWebhook.EventHeader].ToString(),
            request.Headers[GitHubWebhook.DeliveryHeader].ToString()), cancellationToken);
        if (result.Value is { } receipt)
        {
            return Results.Json(new
            {
                @event = receipt.Event,
                action = receipt.Action,
                issue = receipt.Issue,
                pulled = receipt.PullQueued,
                outcome = PhabricatorWebhookEndpoint.OutcomeName(receipt.Outcome),
            }, statusCode: StatusCodes.Status202Accepted);
        }
        var error = result.Errors[0];
        return Problem(error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
            _ => StatusCodes.Status400BadRequest,
        }, error.Message);
    }

    private static IResult Problem(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
