using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ActionItems.Sync.Phabricator;

/// <summary>A Herald webhook delivery: which object changed and which transactions did it (newest first).</summary>
public sealed record PhabricatorWebhookEvent(
    string ObjectType,
    string ObjectPhid,
    IReadOnlyList<string> TransactionPhids,
    IReadOnlyList<string> TriggerPhids,
    bool IsTest,
    DateTimeOffset? SentAt);

/// <summary>The body is not a Herald webhook delivery (the message says what is missing).</summary>
public sealed class PhabricatorWebhookFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Checks and reads Herald webhook deliveries (fixtures 70/71). Phorge signs the exact body bytes:
/// <c>X-Phabricator-Webhook-Signature</c> = lowercase hex HMAC-SHA256 with the webhook's HMAC key.
/// The body holds only PHIDs; the receiver pulls the object to learn what changed.
/// </summary>
public static class PhabricatorWebhook
{
    public const string SignatureHeader = "X-Phabricator-Webhook-Signature";

    /// <summary>Constant-time check of the signature header against the raw body; false for a missing, malformed or wrong signature or an empty secret.</summary>
    public static bool IsSignatureValid(ReadOnlySpan<byte> rawBody, string? signatureHeader, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return false;
        }
        var header = signatureHeader.Trim();
        if (header.Length != SHA256.HashSizeInBytes * 2)
        {
            return false;
        }
        byte[] given;
        try
        {
            given = Convert.FromHexString(header);
        }
        catch (FormatException)
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public static PhabricatorWebhookEvent Parse(ReadOnlySpan<byte> rawBody)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(rawBody);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new PhabricatorWebhookFormatException("the webhook body is not JSON", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object ||
                String(obj, "type") is not { } type || String(obj, "phid") is not { } phid)
            {
                throw new PhabricatorWebhookFormatException("the webhook body has no object.type / object.phid");
            }
            var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            return new PhabricatorWebhookEvent(
                type,
                phid,
                Phids(root, "transactions"),
                Phids(root, "triggers"),
                action.ValueKind == JsonValueKind.Object && action.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.True,
                action.ValueKind == JsonValueKind.Object && action.TryGetProperty("epoch", out var epoch) && epoch.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : null);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IReadOnlyList<string> Phids(JsonElement root, string name) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? String(e, "phid") : null).OfType<string>()]
            : [];
}
