using ActionItems.Api.GraphQL.Types;
using ActionItems.Application.Stats;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class ActionItemFilterInputType : InputObjectGraphType<ActionItemFilter>
{
    public ActionItemFilterInputType()
    {
        Name = "ActionItemFilter";
        Description = "Every condition given must hold. Archived items are left out unless includeArchived.";
        Field<ListGraphType<NonNullGraphType<EnumerationGraphType<ActionItemStatus>>>>("statuses");
        Field<ListGraphType<NonNullGraphType<EnumerationGraphType<Priority>>>>("priorities");
        Field<BooleanGraphType>("unassigned").Description("true: no owner; false: some owner.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("ownerIds");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("teams");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Items with at least one of these tags.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("incidentIds");
        Field<ListGraphType<NonNullGraphType<TrackerKindGraphType>>>("trackerKinds").Description("Items linked to a tracker of one of these kinds.");
        Field<BooleanGraphType>("linked").Description("true: at least one tracker link; false: none.");
        Field<BooleanGraphType>("needsReview");
        Field<StringGraphType>("search").Description("Case-insensitive text in title or description.");
        Field<DateTimeGraphType>("createdAfter").Description("Inclusive.");
        Field<DateTimeGraphType>("createdBefore").Description("Exclusive.");
        Field<DateTimeGraphType>("updatedAfter").Description("Inclusive.");
        Field<DateTimeGraphType>("updatedBefore").Description("Exclusive.");
        Field<DateTimeGraphType>("openAt").Description("Items open at this instant according to their status history.");
        Field<BooleanGraphType>("open").Description("true: open, in progress or stalled; false: any closed status.");
        Field<BooleanGraphType>("overdue").Description("true: still open after its due date (UTC); false: every other item.");
        Field<DateOnlyGraphType>("dueBefore").Description("Due before this day (exclusive).");
        Field<DateOnlyGraphType>("dueAfter").Description("Due on or after this day.");
        Field<DateTimeGraphType>("resolvedAfter").Description("Resolved at or after this instant (inclusive; known resolve times only).");
        Field<DateTimeGraphType>("resolvedBefore").Description("Resolved before this instant (exclusive; known resolve times only).");
        Field<BooleanGraphType>("includeArchived").DefaultValue(false);
    }
}
