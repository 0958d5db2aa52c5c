using System.Globalization;

namespace ActionItems.Core;

/// <summary>
/// The one reading of a duration setting: blank means the setting's default; anything else must be an invariant
/// <see cref="TimeSpan"/> (<c>d.hh:mm:ss.fff</c>) within the setting's bounds, or start-up stops on a
/// <see cref="ConfigurationErrorException"/> naming the key (a typo never silently becomes the default). It takes the
/// configured text, not the configuration, so Core needs no configuration package.
/// </summary>
public static class ConfiguredDuration
{
    /// <summary>The least a "positive duration" may be.</summary>
    public static readonly TimeSpan Positive = TimeSpan.FromTicks(1);

    /// <param name="key">The setting, for the error.</param>
    /// <param name="text">Its configured value, null when unset.</param>
    /// <param name="unset">The value when <paramref name="text"/> is blank.</param>
    /// <param name="least">The shortest allowed value (inclusive).</param>
    /// <param name="most">The longest allowed value (inclusive).</param>
    /// <param name="expected">What a value must be, for the error: <c>'{text}' is not {expected}</c>.</param>
    /// <param name="tooLong">
    /// The error for a duration longer than <paramref name="most"/>, <c>'{text}' {tooLong}</c>, when it should say more
    /// than <paramref name="expected"/>; null: <paramref name="expected"/>'s.
    /// </param>
    /// <exception cref="ConfigurationErrorException">The value is set but not a duration within the bounds.</exception>
    public static TimeSpan Read(string key, string? text, TimeSpan unset, TimeSpan least, TimeSpan most, string expected, string? tooLong = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return unset;
        }
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) || duration < least)
        {
            throw new ConfigurationErrorException(key, $"'{text}' is not {expected}");
        }
        if (duration > most)
        {
            throw new ConfigurationErrorException(key, tooLong is null ? $"'{text}' is not {expected}" : $"'{text}' {tooLong}");
        }
        return duration;
    }
}
