using System.Globalization;
using ActionItems.Application;
using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using Microsoft.Extensions.Primitives;

namespace ActionItems.Api.Export;

/// <summary>
/// The GraphQL <c>ActionItemFilter</c> as a query string: the same names, lists as repeated parameters or comma
/// separated (<c>statuses=OPEN,IN_PROGRESS</c>), enum values as the API spells them, instants as ISO 8601.
/// An unknown parameter or a bad value is an error naming it, never a silently wider export.
/// </summary>
public static class ExportQueryString
{
    private static readonly Dictionary<string, Action<ActionItemFilter, string, string[]>> Parameters =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["statuses"] = (f, n, v) => f.Statuses = [.. v.Select(x => ParseEnum<ActionItemStatus>(n, x))],
            ["priorities"] = (f, n, v) => f.Priorities = [.. v.Select(x => ParseEnum<Priority>(n, x))],
            ["unassigned"] = (f, n, v) => f.Unassigned = ParseBool(n, Single(n, v)),
            ["ownerIds"] = (f, n, v) => f.OwnerIds = [.. v.Select(x => ParseId(n, x))],
            ["teams"] = (f, _, v) => f.Teams = [.. v],
            ["tags"] = (f, _, v) => f.Tags = [.. v],
            ["incidentIds"] = (f, n, v) => f.IncidentIds = [.. v.Select(x => ParseId(n, x))],
            // TrackerKind is spelled without underscores (GITHUB), as the GraphQL TrackerKind enum spells it.
            ["trackerKinds"] = (f, n, v) => f.TrackerKinds = [.. v.Select(x => ParseEnum(n, x, (TrackerKind k) => k.ToString().ToUpperInvariant()))],
            ["linked"] = (f, n, v) => f.Linked = ParseBool(n, Single(n, v)),
            ["needsReview"] = (f, n, v) => f.NeedsReview = ParseBool(n, Single(n, v)),
            ["search"] = (f, n, v) => f.Search = Single(n, v),
            ["createdAfter"] = (f, n, v) => f.CreatedAfter = ParseInstant(n, Single(n, v)),
            ["createdBefore"] = (f, n, v) => f.CreatedBefore = ParseInstant(n, Single(n, v)),
            ["updatedAfter"] = (f, n, v) => f.UpdatedAfter = ParseInstant(n, Single(n, v)),
            ["updatedBefore"] = (f, n, v) => f.UpdatedBefore = ParseInstant(n, Single(n, v)),
            ["openAt"] = (f, n, v) => f.OpenAt = ParseInstant(n, Single(n, v)),
            ["includeArchived"] = (f, n, v) => f.IncludeArchived = ParseBool(n, Single(n, v)),
            ["open"] = (f, n, v) => f.Open = ParseBool(n, Single(n, v)),
            ["overdue"] = (f, n, v) => f.Overdue = ParseBool(n, Single(n, v)),
            ["dueBefore"] = (f, n, v) => f.DueBefore = ParseDay(n, Single(n, v)),
            ["dueAfter"] = (f, n, v) => f.DueAfter = ParseDay(n, Single(n, v)),
            ["resolvedAfter"] = (f, n, v) => f.ResolvedAfter = ParseInstant(n, Single(n, v)),
            ["resolvedBefore"] = (f, n, v) => f.ResolvedBefore = ParseInstant(n, Single(n, v)),
        };

    public static IEnumerable<string> Names => Parameters.Keys;

    /// <exception cref="FormatException">A parameter is unknown or its value is not valid; the message names it.</exception>
    public static ActionItemFilter Parse(IQueryCollection query)
    {
        var filter = new ActionItemFilter();
        foreach (var (name, values) in query)
        {
            if (!Parameters.TryGetValue(name, out var apply))
            {
                throw new FormatException(
                    $"unknown parameter '{name}'; the filter parameters are {string.Join(", ", Parameters.Keys)}");
            }
            apply(filter, name, Split(values));
        }
        return filter;
    }

    private static string[] Split(StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    private static string Single(string name, string[] values) => values.Length == 1
        ? values[0]
        : throw new FormatException($"'{name}' takes one value");

    private static TEnum ParseEnum<TEnum>(string name, string value, Func<TEnum, string>? spell = null) where TEnum : struct, Enum =>
        !value.All(char.IsDigit) && Enum.TryParse<TEnum>(value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : throw new FormatException(
                $"'{name}' does not know '{value}'; expected one of {string.Join(", ", Enum.GetValues<TEnum>().Select(spell ?? ApiNames.Of))}");


    private static bool ParseBool(string name, string value) => bool.TryParse(value, out var parsed)
        ? parsed
        : throw new FormatException($"'{name}' is true or false, not '{value}'");

    private static long ParseId(string name, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new FormatException($"'{name}' takes numeric ids, not '{value}'");

    private static DateOnly ParseDay(string name, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"'{name}' takes a day as yyyy-MM-dd, not '{value}'");

    private static DateTime ParseInstant(string name, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime
            : throw new FormatException($"'{name}' takes an ISO 8601 date or instant (e.g. 2026-01-31T00:00:00Z), not '{value}'");
}
