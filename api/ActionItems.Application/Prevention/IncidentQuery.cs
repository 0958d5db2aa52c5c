using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Prevention;

/// <summary>
/// An incident as a ranking query (docs/prevention.md, "The query"), the one builder behind prevention candidates and
/// similar incidents, so both questions read the incident the same way: its title, summary and impact, its timeline,
/// its own live actionables (title and description) and their tags, the tracker tasks it names, and the other incidents
/// its postmortem names.
/// </summary>
internal static class IncidentQuery
{
    /// <summary>How much each part of the incident says about what it is.</summary>
    public const double TitleWeight = 3.0;
    public const double SummaryWeight = 2.0;
    public const double ImpactWeight = 2.0;
    public const double OwnActionablesWeight = 1.5;
    public const double TimelineWeight = 1.0;
    public const double TagWeight = 3.0;
    public const double ReferenceWeight = 10.0;
    public const double NamedIncidentWeight = 10.0;

    /// <summary>
    /// The query for one incident. <paramref name="incidentKeys"/> gives how every incident can be named
    /// (<see cref="IncidentIndex.ReferencesAsync"/>, kept by the incident index rather than read per request); it is
    /// asked for only when the incident has a stored postmortem to find names in.
    /// </summary>
    public static async Task<RankingQuery> BuildAsync(ActionItemsDbContext db, IncidentKeys incidentKeys, long incidentId, string title,
        string? summary, string? impact, CancellationToken cancellationToken)
    {
        var query = new RankingQuery()
            .AddText(title, TitleWeight)
            .AddText(summary, SummaryWeight)
            .AddText(impact, ImpactWeight);
        var timeline = await db.TimelineEntries.AsNoTracking().Where(t => t.IncidentId == incidentId)
            .OrderBy(t => t.Ordinal).Select(t => t.Text).ToListAsync(cancellationToken);
        foreach (var line in timeline)
        {
            query.AddText(line, TimelineWeight);
        }
        var ownItems = await db.ActionItems.AsNoTracking().Where(i => i.IncidentId == incidentId && i.ArchivedAt == null)
            .OrderBy(i => i.Ordinal).ThenBy(i => i.Id)
            .Select(i => new { i.Title, i.Description, i.Tags }).ToListAsync(cancellationToken);
        foreach (var own in ownItems)
        {
            query.AddText(own.Title, OwnActionablesWeight).AddText(own.Description, OwnActionablesWeight);
        }
        query.AddTags(ownItems.SelectMany(i => i.Tags).Distinct(StringComparer.OrdinalIgnoreCase), TagWeight);
        // The tracker tasks the postmortem names anywhere (its stored document: links keep their URLs there, the
        // extracted fields do not), and those its own items are linked to.
        var documentText = await db.Set<IncidentDocument>().AsNoTracking().Where(d => d.IncidentId == incidentId)
            .Select(d => d.Text).FirstOrDefaultAsync(cancellationToken);
        var ownLinks = await db.TrackerLinks.AsNoTracking()
            .Where(l => l.ActionItem!.IncidentId == incidentId && l.RemoteId != null)
            .Select(l => l.RemoteId).ToListAsync(cancellationToken);
        query.AddReferences(TextTerms.References(documentText)
            .Union(ownLinks.Select(TextTerms.ReferenceOfRemoteId).OfType<string>()), ReferenceWeight);
        foreach (var named in await NamedIncidentsAsync(incidentKeys, incidentId, documentText, cancellationToken))
        {
            query.AddNamedIncident(named, NamedIncidentWeight);
        }
        return query;
    }

    /// <summary>How every incident can be named (id, title, source, date and what the rules read from them), for <see cref="NamedIncidents.Find(string?, IncidentReferenceKey, IncidentReferenceCatalog)"/>.</summary>
    public delegate Task<IncidentReferenceCatalog> IncidentKeys(CancellationToken cancellationToken);

    /// <summary>The other incidents the postmortem names (<see cref="NamedIncidents"/>): by link, identifier, title or earlier date.</summary>
    private static async Task<IReadOnlyList<NamedIncident>> NamedIncidentsAsync(IncidentKeys incidentKeys, long incidentId, string? documentText,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(documentText))
        {
            return [];
        }
        var incidents = await incidentKeys(cancellationToken);
        // An incident newer than the keys names none until they are refreshed, as it ranks no other until then.
        return incidents.Find(incidentId) is { } self ? NamedIncidents.Find(documentText, self.Key, incidents) : [];
    }
}
