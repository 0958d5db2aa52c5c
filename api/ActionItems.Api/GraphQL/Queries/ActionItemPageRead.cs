using ActionItems.Api.GraphQL.Loading;
using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Queries;

/// <summary>
/// Reads a page of action items with their incident and/or tracker links joined into the same query (one
/// round trip, as a hand-written query would) and hands them to the request's loaders, so the nested fields
/// resolve without a batch load.
/// </summary>
/// <remarks>
/// A projection of flat rows (item, incident, link) instead of <c>Include</c>: EF Core 10's shaper for an
/// Include (reference or collection) builds its fix-up delegates anew for every row
/// (<c>DynamicMethod.CreateDelegate</c>; profile in docs/benchmarks.md); a projection has none.
/// </remarks>
public static class ActionItemPageRead
{
    private sealed record Row(ActionItem Item, Incident? Incident, TrackerLink? Link);

    /// <param name="page">The ordered, limited page query.</param>
    /// <param name="withIncident">Join each item's incident.</param>
    /// <param name="withLinks">Join each item's tracker links.</param>
    /// <param name="loaders">The request's loaders, primed with what was joined.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<List<ActionItem>> ReadAsync(IQueryable<ActionItem> page, bool withIncident, bool withLinks,
        DataLoaders loaders, CancellationToken cancellationToken)
    {
        if (!withIncident && !withLinks)
        {
            return await page.ToListAsync(cancellationToken);
        }
        var joined = (withIncident, withLinks) switch
        {
            (true, true) => page.SelectMany(i => i.Links.DefaultIfEmpty(), (i, l) => new Row(i, i.Incident, l)),
            (true, false) => page.Select(i => new Row(i, i.Incident, null)),
            _ => page.SelectMany(i => i.Links.DefaultIfEmpty(), (i, l) => new Row(i, null, l)),
        };
        // An item with n links comes as n consecutive rows; EF keeps the page's ORDER BY on the outer query.
        var rows = await joined.ToListAsync(cancellationToken);
        var items = new List<ActionItem>();
        var links = new List<TrackerLink>();
        for (var r = 0; r < rows.Count; r++)
        {
            var (item, incident, link) = rows[r];
            if (link is not null)
            {
                links.Add(link);
            }
            if (r + 1 < rows.Count && rows[r + 1].Item.Id == item.Id)
            {
                continue;
            }
            items.Add(item);
            if (incident is not null)
            {
                loaders.Incidents.Prime(incident.Id, incident);
            }
            if (withLinks)
            {
                loaders.LinksByItem.Prime(item.Id, [.. links.OrderBy(l => l.Id)]);
                links.Clear();
            }
        }
        return items;
    }
}
