using ActionItems.Api.GraphQL.Paging;
using ActionItems.Core.Domain;

namespace ActionItems.Api.GraphQL.Queries;

public sealed class IncidentFilter
{
    /// <summary>Case-insensitive text in slug, title or summary.</summary>
    public string? Search { get; set; }

    public DateOnly? DateFrom { get; set; }
    public DateOnly? DateTo { get; set; }

    /// <summary>Incidents with at least one open (non-archived) item.</summary>
    public bool? HasOpenItems { get; set; }

    public IQueryable<Incident> Apply(IQueryable<Incident> incidents)
    {
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains() is what both providers translate.
            incidents = incidents.Where(i => i.Slug.ToLower().Contains(text) || i.Title.ToLower().Contains(text) ||
                                             (i.Summary != null && i.Summary.ToLower().Contains(text)));
#pragma warning restore CA1862
        }
        if (DateFrom is { } from)
        {
            incidents = incidents.Where(i => i.IncidentDate >= from);
        }
        if (DateTo is { } to)
        {
            incidents = incidents.Where(i => i.IncidentDate <= to);
        }
        if (HasOpenItems is { } hasOpen)
        {
            var open = ActionItemStatusRules.OpenStatuses.ToList();
            incidents = hasOpen
                ? incidents.Where(i => i.ActionItems.Any(a => a.ArchivedAt == null && open.Contains(a.Status)))
                : incidents.Where(i => !i.ActionItems.Any(a => a.ArchivedAt == null && open.Contains(a.Status)));
        }
        return incidents;
    }
}

public enum IncidentOrder
{
    DateDesc,
    DateAsc,
    SlugAsc,
}

public static class IncidentOrderings
{
    private static readonly KeysetOrdering<Incident> DateDesc =
        new KeysetOrdering<Incident, DateOnly>("DATE_DESC", i => i.IncidentDate ?? DateOnly.MinValue, i => i.Id, true);
    private static readonly KeysetOrdering<Incident> DateAsc =
        new KeysetOrdering<Incident, DateOnly>("DATE_ASC", i => i.IncidentDate ?? DateOnly.MinValue, i => i.Id, false);
    private static readonly KeysetOrdering<Incident> SlugAsc =
        new KeysetOrdering<Incident, string>("SLUG_ASC", i => i.Slug, i => i.Id, false);

    public static KeysetOrdering<Incident> For(IncidentOrder order) => order switch
    {
        IncidentOrder.DateAsc => DateAsc,
        IncidentOrder.SlugAsc => SlugAsc,
        _ => DateDesc,
    };
}
