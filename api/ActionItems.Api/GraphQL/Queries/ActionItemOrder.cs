using ActionItems.Api.GraphQL.Paging;
using ActionItems.Core.Domain;

namespace ActionItems.Api.GraphQL.Queries;

/// <summary>Orderings of <c>actionItems</c>; each breaks ties by id so pages are stable.</summary>
public enum ActionItemOrder
{
    CreatedAsc,
    CreatedDesc,
    UpdatedAsc,
    UpdatedDesc,
    PriorityDesc,
    PriorityAsc,
    IdAsc,
}

public static class ActionItemOrderings
{
    public static KeysetOrdering<ActionItem> For(ActionItemOrder order) => order switch
    {
        ActionItemOrder.CreatedAsc => CreatedAsc,
        ActionItemOrder.CreatedDesc => CreatedDesc,
        ActionItemOrder.UpdatedAsc => UpdatedAsc,
        ActionItemOrder.UpdatedDesc => UpdatedDesc,
        ActionItemOrder.PriorityDesc => PriorityDesc,
        ActionItemOrder.PriorityAsc => PriorityAsc,
        _ => IdAsc,
    };

    private static readonly KeysetOrdering<ActionItem> CreatedAsc = new KeysetOrdering<ActionItem, DateTimeOffset>("CREATED_ASC", i => i.CreatedAt, i => i.Id, false);
    private static readonly KeysetOrdering<ActionItem> CreatedDesc = new KeysetOrdering<ActionItem, DateTimeOffset>("CREATED_DESC", i => i.CreatedAt, i => i.Id, true);
    private static readonly KeysetOrdering<ActionItem> UpdatedAsc = new KeysetOrdering<ActionItem, DateTimeOffset>("UPDATED_ASC", i => i.UpdatedAt, i => i.Id, false);
    private static readonly KeysetOrdering<ActionItem> UpdatedDesc = new KeysetOrdering<ActionItem, DateTimeOffset>("UPDATED_DESC", i => i.UpdatedAt, i => i.Id, true);

    // Priorities are stored by name; the rank makes Unbreak sort above High in SQL on both providers.
    private static readonly KeysetOrdering<ActionItem> PriorityDesc = new KeysetOrdering<ActionItem, int>("PRIORITY_DESC", i =>
        i.Priority == Priority.Unbreak ? 5 : i.Priority == Priority.High ? 4 : i.Priority == Priority.Medium ? 3
        : i.Priority == Priority.Low ? 2 : i.Priority == Priority.Lowest ? 1 : 0, i => i.Id, true);
    private static readonly KeysetOrdering<ActionItem> PriorityAsc = new KeysetOrdering<ActionItem, int>("PRIORITY_ASC", i =>
        i.Priority == Priority.Unbreak ? 5 : i.Priority == Priority.High ? 4 : i.Priority == Priority.Medium ? 3
        : i.Priority == Priority.Low ? 2 : i.Priority == Priority.Lowest ? 1 : 0, i => i.Id, false);
    /// <summary>
    /// An incident's items as its document lists them; items added by hand (ordinal 0) after them, by id.
    /// </summary>
    public static readonly KeysetOrdering<ActionItem> DocumentOrder = new KeysetOrdering<ActionItem, int>("DOCUMENT",
        i => i.Ordinal == 0 ? int.MaxValue : i.Ordinal, i => i.Id, false);

    private static readonly KeysetOrdering<ActionItem> IdAsc = new KeysetOrdering<ActionItem, long>("ID_ASC", i => i.Id, i => i.Id, false);
}
