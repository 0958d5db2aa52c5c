using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// What a GitHub <c>issues</c> or <c>issue_comment</c> delivery says: which issue (its numeric id, repository and
/// number), what happened to it and who did it. For <c>transferred</c> the issue of the delivery is the old one (the
/// one a link names), which GitHub redirects to its new place.
/// </summary>
public sealed record GitHubWebhookEvent(
    string Event,
    string? Action,
    long IssueId,
    string Repository,
    int Number,
    bool IsPullRequest,
    string? SenderLogin)
{
    /// <summary>The issue's name as links store it: <c>owner/repo#12</c>.</summary>
    public string RemoteId => $"{Repository}#{Number.ToString(CultureInfo.InvariantCulture)}";

    public string InternalId => IssueId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The body is not a GitHub issue delivery (the message says what is missing).</summary>
public sealed class GitHubWebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Checks and reads GitHub webhook deliveries. GitHub signs the exact body bytes with the webhook's secret:
/// <c>X-Hub-Signature-256: sha256=</c> + lowercase hex HMAC-SHA256. <c>X-GitHub-Event</c> names the event,
/// <c>X-GitHub-Delivery</c> is a GUID that a redelivery of the same event repeats.
/// </summary>
public static class GitHubWebhook
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";
    public const string SignaturePrefix = "sha256=";

    public const string IssuesEvent = "issues";
    public const string IssueCommentEvent = "issue_comment";
    public const string PingEvent = "ping";

    /// <summary>The <c>X-Hub-Signature-256</c> value for a body: what GitHub sends, and what tests sign with.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> rawBody) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody));

    /// <summary>
    /// Constant-time check of <c>X-Hub-Signature-256</c> against the raw body; false for a missing, malformed (no
    /// <c>sha256=</c>, not 64 hex digits) or wrong signature, and always false without a secret: an endpoint with no
    /// secret must not accept anything (GitHub sends unsigned deliveries when its webhook has none).
    /// </summary>
    public static bool IsSignatureValid(ReadOnlySpan<byte> rawBody, string? signatureHeader, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return false;
        }
        var header = signatureHeader.Trim();
        if (!header.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase) ||
            header.Length != SignaturePrefix.Length + SHA256.HashSizeInBytes * 2)
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(SignaturePrefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Reads an <c>issues</c> or <c>issue_comment</c> delivery (for the other events only the headers matter).</summary>
    /// <exception cref="GitHubWebhookFormatException">The body is not JSON or lacks the issue's id, number or repository.</exception>
    public static GitHubWebhookEvent ParseIssueEvent(string eventName, ReadOnlySpan<byte> rawBody)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(rawBody);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new GitHubWebhookFormatException("the webhook body is not JSON", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("issue", out var issue) || issue.ValueKind != JsonValueKind.Object ||
                !issue.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var issueId) || issueId <= 0 ||
                !issue.TryGetProperty("number", out var number) || number.ValueKind != JsonValueKind.Number ||
                !number.TryGetInt32(out var issueNumber) || issueNumber <= 0)
            {
                throw new GitHubWebhookFormatException($"the {eventName} delivery has no issue.id / issue.number");
            }
            var repository = root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object ? String(repo, "full_name") : null;
            if (repository?.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                throw new GitHubWebhookFormatException($"the {eventName} delivery has no repository.full_name of the form owner/repo");
            }
            var sender = root.TryGetProperty("sender", out var s) && s.ValueKind == JsonValueKind.Object ? String(s, "login") : null;
            return new GitHubWebhookEvent(
                eventName,
                String(root, "action"),
                issueId,
                repository,
                issueNumber,
                issue.TryGetProperty("pull_request", out var pullRequest) && pullRequest.ValueKind == JsonValueKind.Object,
                sender);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
