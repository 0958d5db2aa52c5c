using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;

namespace ActionItems.Core.Import;

/// <summary>The stable key an incident is stored under, so a re-import finds it again.</summary>
public static class IncidentSlug
{
    public const int MaxLength = FieldLimits.IncidentSlug;

    /// <summary>
    /// The wiki page slug when the document has one; otherwise the source's file or page name; otherwise
    /// the document's title (prefixed with the incident date when known).
    /// </summary>
    public static string? Derive(ExtractedIncident incident, string? source)
    {
        var slug = incident.Slug ?? FromSource(source) ?? FromTitle(incident);
        slug = slug is null ? null : string.Join(' ', slug.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return string.IsNullOrEmpty(slug) ? null : slug.Length <= MaxLength ? slug : slug[..MaxLength].TrimEnd();
    }

    private static string? FromSource(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return null;
        }
        var path = Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? Uri.UnescapeDataString(uri.AbsolutePath).Replace('_', ' ')
            : source;
        var name = path.TrimEnd('/', '\\');
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot > 0 && name.Length - dot <= 9)
        {
            name = name[..dot];
        }
        return name.Length == 0 ? null : name;
    }

    private static string? FromTitle(ExtractedIncident incident) =>
        incident.Title is not { Length: > 0 } title ? null
        : incident.IncidentDate is { } date ? $"{date:yyyy-MM-dd} {title}" : title;
}
