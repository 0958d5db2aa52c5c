using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Paging;
using ActionItems.Api.GraphQL.Queries;
using ActionItems.Data;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using Microsoft.EntityFrameworkCore;
using ActionItems.Core.Domain;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class IncidentType : ObjectGraphType<Incident>
{
    public IncidentType()
    {
        Name = "Incident";
        Description = "An incident and what its postmortem says: metadata, timeline, scorecard and action items.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("slug").Resolve(c => c.Source.Slug);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Title);
        Field<StringGraphType>("source").Description("URL or file name the postmortem was read from.").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<EnumerationGraphType<DocumentFormat>>>("format").Resolve(c => c.Source.Format);
        Field<StringGraphType>("documentVersion").Resolve(c => c.Source.DocumentVersion);
        Field<DateOnlyGraphType>("date").Resolve(c => c.Source.IncidentDate);
        Field<DateTimeGraphType>("startedAt").Resolve(c => c.Source.StartedAt?.UtcDateTime);
        Field<DateTimeGraphType>("endedAt").Resolve(c => c.Source.EndedAt?.UtcDateTime);
        Field<DateTimeGraphType>("detectedAt").Resolve(c => c.Source.DetectedAt?.UtcDateTime);
        Field<StringGraphType>("summary").Resolve(c => c.Source.Summary);
        Field<StringGraphType>("impact").Resolve(c => c.Source.Impact);
        Field<StringGraphType>("taskRef").Description("The incident's own task, e.g. T376795.").Resolve(c => c.Source.TaskRef);
        Field<IntGraphType>("peoplePaged").Resolve(c => c.Source.PeoplePaged);
        Field<IntGraphType>("responderCount").Resolve(c => c.Source.ResponderCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("coordinators").Resolve(c => c.Source.Coordinators);
        Field<NonNullGraphType<EnumerationGraphType<DocumentStatus>>>("documentStatus").Resolve(c => c.Source.DocumentStatus);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("updatedAt").Resolve(c => c.Source.UpdatedAt.UtcDateTime);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimelineEntryType>>>>("timeline")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.TimelineByIncident.Load(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScorecardAnswerType>>>>("scorecard")
            .Resolve().WithService<DataLoaders>().Resolve((c, dataLoaders) => dataLoaders.ScorecardByIncident.Load(c.Source.Id));
        Field<NonNullGraphType<IntGraphType>>("totalItems").Description("Its items, archived ones left out.")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => loaders.CountsByIncident.Load(c.Source.Id, counts => counts.Total));
        Field<NonNullGraphType<IntGraphType>>("openItems").Description("Its items still open, in progress or stalled.")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => loaders.CountsByIncident.Load(c.Source.Id, counts => counts.Open));
        Field<NonNullGraphType<IntGraphType>>("unassignedItems").Description("Its open items without an owner.")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => loaders.CountsByIncident.Load(c.Source.Id, counts => counts.Unassigned));
        Field<NonNullGraphType<IntGraphType>>("overdueItems").Description("Its open items past their due date (UTC).")
            .Resolve().WithService<DataLoaders>().Resolve((c, loaders) => loaders.CountsByIncident.Load(c.Source.Id, counts => counts.Overdue));
        PageRequest.AddArguments(Field<NonNullGraphType<ConnectionType<ActionItemType, EdgeType<ActionItemType>>>>("actionItems")
                .Description("The incident's items in document order (items added by hand after them), archived ones left out " +
                    "(use actionItems(filter:{incidentIds, includeArchived}) for those)."))
            .Resolve().WithServices<ActionItemsDbContext, DataLoaders>()
            .Resolve((c, db, loaders) => ItemsOf(c.Source.Id, PageRequest.From(c), db, loaders));
        Prevention.PreventionSchemaFields.AddToIncident(this);
    }

    /// <summary>
    /// The first page (no cursor) of every incident in a list is one batched query and its count one more; a page
    /// after a cursor is read for its incident alone.
    /// </summary>
    private static DeferredResult<Connection<ActionItem>> ItemsOf(long incidentId, PageRequest page, ActionItemsDbContext db,
        DataLoaders loaders)
    {
        var ordering = ActionItemOrderings.DocumentOrder;
        var counts = page.WantsTotalCount ? loaders.CountsByIncident.Load(incidentId) : null;
        if (page.After is not null || page.Before is not null || page.Backwards)
        {
            return new DeferredResult<Connection<ActionItem>>(ct => ConnectionBuilder.PageAsync(
                db.ActionItems.AsNoTracking().Where(i => i.IncidentId == incidentId && i.ArchivedAt == null), ordering, page, ct));
        }
        var rows = page.WantsRows && page.Size > 0 ? loaders.FirstItemsByIncident(ConnectionBuilder.RowsToRead(page.Size)).Load(incidentId) : null;
        return new DeferredResult<Connection<ActionItem>>(async ct =>
        {
            var read = rows is null ? [] : await rows.GetResultAsync(ct);
            int? total = counts is null ? null : (await counts.GetResultAsync(ct)).Total;
            return ConnectionBuilder.Build([.. read.Take(page.Size)], read.Count > page.Size, total, ordering, page);
        });
    }
}
