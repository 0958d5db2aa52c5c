using ActionItems.Api.GraphQL.Loading;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class ActionItemType : ObjectGraphType<ActionItem>
{
    public ActionItemType()
    {
        Name = "ActionItem";
        Description = "A remediation task from a postmortem (or created by hand), with its owner, status, links and history.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        // Primed when the page query joined it; otherwise one batch load for the whole level.
        Field<NonNullGraphType<IncidentType>>("incident")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.Incidents.Resolve(c.Source.IncidentId));
        Field<NonNullGraphType<IntGraphType>>("ordinal").Description("Position in the source document; 0 for items created by hand.")
            .Resolve(c => c.Source.Ordinal);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Title);
        Field<StringGraphType>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<EnumerationGraphType<ActionItemStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<BooleanGraphType>>("isOpen").Description("Open, in progress or stalled: still needs work.")
            .Resolve(c => c.Source.Status.IsOpen());
        Field<PersonType>("owner").Description("Null when unassigned.")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => c.Source.OwnerId is { } owner
                ? loaders.People.Load(owner)
                : null);
        Field<StringGraphType>("team").Resolve(c => c.Source.Team);
        Field<NonNullGraphType<EnumerationGraphType<Priority>>>("priority").Resolve(c => c.Source.Priority);
        Field<DateOnlyGraphType>("dueDate").Resolve(c => c.Source.DueDate);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Tags);
        Field<StringGraphType>("sourceSection").Description("Heading of the document section the item was read from.")
            .Resolve(c => c.Source.SourceSection);
        Field<NonNullGraphType<FloatGraphType>>("confidence").Description("How sure extraction was (0–1).")
            .Resolve(c => c.Source.Confidence);
        Field<NonNullGraphType<BooleanGraphType>>("needsReview").Resolve(c => c.Source.NeedsReview);
        Field<DateTimeGraphType>("vanishedFromSourceAt").Description("Set when a re-import no longer found the item in its document.")
            .Resolve(c => c.Source.VanishedFromSourceAt?.UtcDateTime);
        Field<DateTimeGraphType>("archivedAt").Resolve(c => c.Source.ArchivedAt?.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("openedAt")
            .Description("When the work was opened: creation for items made here; an imported item's incident end (else start, else date); a linked task's creation once read.")
            .Resolve(c => c.Source.OpenedAt.UtcDateTime);
        Field<DateTimeGraphType>("resolvedAt")
            .Description("When the item last left the open statuses; null while open, and null for an item closed at an unknown time before its import (resolvedAtUnknown).")
            .Resolve(c => c.Source.ResolvedAtUnknown ? null : c.Source.ResolvedAt?.UtcDateTime);
        Field<NonNullGraphType<BooleanGraphType>>("resolvedAtUnknown")
            .Description("Done in its document, which does not say when: closed, but left out of time to resolve.")
            .Resolve(c => c.Source.ResolvedAtUnknown);
        Field<NonNullGraphType<IntGraphType>>("ageDays")
            .Description("Whole days from openedAt to resolvedAt, or to now while open.")
            .Resolve(c => c.Source.AgeDays(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow()));
        Field<NonNullGraphType<BooleanGraphType>>("isOverdue")
            .Description("Still open after its due date (UTC).")
            .Resolve(c => c.Source.IsOverdue(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow()));
        Field<NonNullGraphType<IntGraphType>>("version")
            .Description("Concurrency version: pass it to updateActionItem; a stale one is refused with CONFLICT.")
            .Resolve(c => checked((int)c.Source.Version));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrackerLinkType>>>>("links")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.LinksByItem.Resolve(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<HistoryEntryType>>>>("history")
            .Description("Every change to the item, oldest first.")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.HistoryByItem.Load(c.Source.Id));
        Sync.SyncSchemaFields.AddToActionItem(this);
    }
}
