using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.Api.Cli;

/// <summary>The JSON shape of an extraction, as printed by <c>extract --json</c>. Enum values are kebab-case.</summary>
public static class ExtractionJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Serialize(ExtractionResult result) => ToJson(result).ToJsonString(Indented);

    public static JsonObject ToJson(ExtractionResult result) => new()
    {
        ["format"] = FormatName(result.Format),
        ["incident"] = new JsonObject
        {
            ["title"] = result.Incident.Title,
            ["slug"] = result.Incident.Slug,
            ["date"] = result.Incident.IncidentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["start"] = Instant(result.Incident.StartedAt),
            ["end"] = Instant(result.Incident.EndedAt),
            ["detected"] = Instant(result.Incident.DetectedAt),
            ["taskRef"] = result.Incident.TaskRef,
            ["peoplePaged"] = result.Incident.PeoplePaged,
            ["responderCount"] = result.Incident.ResponderCount,
            ["coordinators"] = new JsonArray([.. result.Incident.Coordinators.Select(c => (JsonNode?)c)]),
            ["impact"] = result.Incident.Impact,
            ["summary"] = result.Incident.Summary,
            ["documentStatus"] = Kebab(result.Incident.DocumentStatus),
        },
        ["actionables"] = new JsonArray([.. result.Actionables.Select(a => (JsonNode?)new JsonObject
        {
            ["ordinal"] = a.Ordinal,
            ["title"] = a.Title,
            ["description"] = a.Description,
            ["refs"] = new JsonArray([.. a.References.Select(r => (JsonNode?)new JsonObject
            {
                ["kind"] = Kebab(r.Kind),
                ["key"] = r.Key,
                ["text"] = r.RawText,
                ["url"] = r.Url,
                ["isTask"] = r.IsTask,
            })]),
            ["done"] = a.Done,
            ["confidence"] = Math.Round(a.Confidence, 2),
            ["needsReview"] = a.NeedsReview,
            ["section"] = a.Section,
            ["owner"] = a.Owner,
            ["due"] = a.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? a.Due,
            ["status"] = a.Status,
            ["parentOrdinal"] = a.ParentOrdinal,
        })]),
        ["timeline"] = new JsonArray([.. result.Timeline.Select(t => (JsonNode?)new JsonObject
        {
            ["ordinal"] = t.Ordinal,
            ["time"] = t.TimeText,
            ["at"] = Instant(t.At),
            ["text"] = t.Text,
            ["marker"] = t.Marker == TimelineMarker.None ? null : Kebab(t.Marker),
        })]),
        ["scorecard"] = new JsonArray([.. result.Scorecard.Select(s => (JsonNode?)new JsonObject
        {
            ["question"] = s.Question,
            ["category"] = Kebab(s.Category),
            ["answer"] = Kebab(s.Answer),
            ["note"] = s.Note,
        })]),
        ["warnings"] = new JsonArray([.. result.Warnings.Select(w => (JsonNode?)w)]),
    };

    /// <summary>Names users type with <c>--format</c> and read in output.</summary>
    public static string FormatName(DocumentFormat format) => format switch
    {
        DocumentFormat.WikitechRendered => "wikitech-rendered",
        _ => Kebab(format),
    };

    public static DocumentFormat? ParseFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "wikitext" or "mediawiki" => DocumentFormat.Wikitext,
        "wikitech" or "wikitech-rendered" or "rendered" or "text" => DocumentFormat.WikitechRendered,
        "markdown" or "md" => DocumentFormat.Markdown,
        "html" => DocumentFormat.Html,
        _ => throw new ArgumentException($"unknown format '{name}' (expected wikitext, wikitech, markdown or html)"),
    };

    private static string? Instant(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Kebab<T>(T value) where T : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
