using System.Globalization;

namespace ActionItems.Core.Domain;

/// <summary>
/// The one list of how long each stored text may be. The EF configurations declare their column sizes from these
/// constants (api/ActionItems.Data/EntityConfigurations), and the domain checks them before anything is saved, so a
/// value over a limit is a VALIDATION error naming its field, never a database error, on either provider (SQLite does
/// not enforce a column's declared size at all). Writers whose input is not the user's own — an import reading a
/// document, a sync reading a tracker — shorten with <see cref="Truncate"/> instead. README, "Field limits".
/// </summary>
public static class FieldLimits
{
    public const int ItemTitle = 1000;

    /// <summary>Descriptions are a <c>text</c> column; the bound keeps one item from holding megabytes.</summary>
    public const int ItemDescription = 65_536;

    public const int ItemTeam = 200;
    public const int ItemSourceSection = 500;
    public const int Tag = 100;
    public const int TagsPerItem = 50;

    /// <summary>Due dates outside these are typing mistakes (a year 20024, 0001-01-01), not plans.</summary>
    public static readonly DateOnly EarliestDueDate = new(1970, 1, 1);

    public static readonly DateOnly LatestDueDate = new(2199, 12, 31);

    public const int PersonDisplayName = 200;
    public const int PhabricatorUsername = 200;
    public const int PhabricatorPhid = 100;
    public const int GitHubLogin = 100;

    /// <summary>RFC 5321's longest address path.</summary>
    public const int Email = 320;

    public const int IncidentSlug = 200;
    public const int IncidentTitle = 500;
    public const int IncidentSource = 2000;
    public const int IncidentDocumentVersion = 100;
    public const int IncidentTaskRef = 100;
    public const int TimelineTimeText = 100;
    public const int ScorecardQuestion = 1000;
    public const int PreventionNote = 4000;

    public const int TrackerRemoteId = 300;
    public const int TrackerRemoteUrl = 2000;

    /// <summary>Refuses <paramref name="value"/> when it is longer than <paramref name="max"/>; null passes.</summary>
    public static string? RequireMaxLength(string field, string? value, int max) =>
        value is null || value.Length <= max
            ? value
            : throw new DomainValidationException(field,
                $"{field} is {value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long; at most " +
                $"{max.ToString("N0", CultureInfo.InvariantCulture)} are allowed.");

    /// <summary>Shortens text that is not the user's input to <paramref name="max"/> characters, ending with an ellipsis.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var keep = max - 1;
        // Never cut a surrogate pair in half: the stored text must stay valid UTF-16.
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return text[..keep].TrimEnd() + "…";
    }

    /// <summary>Whether <paramref name="value"/> is over <paramref name="max"/> (a null never is).</summary>
    public static bool IsTooLong(string? value, int max) => value is not null && value.Length > max;
}
