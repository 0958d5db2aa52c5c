using ActionItems.Api.Hosting;
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
    public const int MaxBodyBytes = WebhookResponses.MaxBodyBytes;

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
            return WebhookResponses.TooLarge();
        }
        var result = await webhooks.AcceptGitHubAsync(new GitHubWebhookDelivery(target, body,
            request.Headers[GitHubWebhook.SignatureHeader].ToString(),
            request.Headers[GitHubWebhook.EventHeader].ToString(),
            request.Headers[GitHubWebhook.DeliveryHeader].ToString()), cancellationToken);
        if (result.Value is { } receipt)
        {
            return WebhookResponses.Accepted(new
            {
                @event = receipt.Event,
                action = receipt.Action,
                issue = receipt.Issue,
                pulled = receipt.PullQueued,
                outcome = WebhookResponses.OutcomeName(receipt.Outcome),
            });
        }
        return WebhookResponses.Refused(result.Errors[0]);
    }
}
