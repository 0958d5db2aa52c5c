using ActionItems.Core;
using Microsoft.Extensions.Configuration;

namespace ActionItems.Application.Sync;

/// <summary>
/// How old a webhook delivery may be (by its <c>action.epoch</c>, when Phorge sent it) and still queue a pull. An older
/// one is a replay of a captured body or a delivery stuck somewhere for hours: the polls have long picked its change
/// up, so it is answered <c>stale</c> and queues nothing.
/// </summary>
public sealed record WebhookFreshness(TimeSpan MaxAge)
{
    public const string Key = "Sync:WebhookMaxAge";
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);

    /// <exception cref="ConfigurationErrorException">The value is set but not a positive duration.</exception>
    public static WebhookFreshness FromConfiguration(IConfiguration configuration) =>
        new(ConfiguredDuration.Read(Key, configuration[Key], Default, ConfiguredDuration.Positive, TimeSpan.MaxValue,
            "a positive duration (hh:mm:ss, e.g. 01:00:00)"));
}
