using System.Security.Cryptography;
using System.Text;
using ActionItems.Core;

namespace ActionItems.Api.Metrics;

/// <summary>
/// The optional shared secret a Prometheus server scrapes <c>/metrics</c> with (<c>Metrics:Token</c>), so a scraper
/// needs no admin API token. Only its SHA-256 is kept, and a presented token is compared by hash in constant time:
/// neither the bytes that match nor the configured length show in the response time. The value is never logged or
/// echoed in an error.
/// </summary>
public sealed class MetricsToken
{
    public const string Key = "Metrics:Token";

    /// <summary>Shorter secrets are refused at start: a scrape secret that can be guessed opens the figures to anyone.</summary>
    public const int MinimumLength = 16;

    private readonly byte[]? _hash;

    private MetricsToken(string? secret) => _hash = secret is null ? null : Hash(secret);

    public static MetricsToken None { get; } = new(null);

    public bool IsConfigured => _hash is not null;

    /// <exception cref="ConfigurationErrorException">The value is set but shorter than <see cref="MinimumLength"/> or contains whitespace.</exception>
    public static MetricsToken FromConfiguration(IConfiguration configuration)
    {
        var secret = configuration[Key];
        if (string.IsNullOrEmpty(secret))
        {
            return None;
        }
        if (secret.Any(char.IsWhiteSpace))
        {
            // A bearer token with whitespace cannot be sent intact in an Authorization header.
            throw new ConfigurationErrorException(Key, "the metrics token contains whitespace; use a random token such as `openssl rand -hex 32`");
        }
        return secret.Length >= MinimumLength
            ? new MetricsToken(secret)
            : throw new ConfigurationErrorException(Key,
                $"the metrics token is shorter than {MinimumLength} characters; use a random token such as `openssl rand -hex 32`");
    }

    /// <summary>Whether <paramref name="presented"/> (a bearer token, or null when none was sent) is the configured token.</summary>
    public bool Matches(string? presented) =>
        _hash is not null && presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _hash);

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
