using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Inputs;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Application;
using ActionItems.Application.Items;
using ActionItems.Application.People;
using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL;

/// <summary>
/// Every write, as thin adapters: arguments become a typed command (the input types parse into them), the use case
/// in ActionItems.Application runs it, and its result becomes the payload. Each field declares its role
/// (<see cref="RoleRequirement"/>); expected failures come back in the payload's <c>errors</c>.
/// </summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<PreviewPostmortemPayloadType>>("previewPostmortem")
            .Description("Extracts a postmortem and returns what would be imported; writes nothing.")
            .RequireRole(Roles.Viewer)
            .Argument<NonNullGraphType<PostmortemInputType>>("input")
            .Resolve().WithService<SyncTargetRegistry>()
            .Resolve((c, targets) =>
            {
                var input = c.GetArgument<ImportPostmortem>("input");
                return PreviewPostmortemPayload.From(PostmortemImport.Preview(new PreviewPostmortem(input.Text, input.Format, input.SourceUrl), c.Actor(), targets));
            });

        Field<NonNullGraphType<ImportPostmortemPayloadType>>("importPostmortem")
            .Description("Imports (or re-imports) a postmortem: incident, timeline, scorecard, items, links.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<PostmortemInputType>>("input")
            .Resolve().WithService<PostmortemImport>()
            .ResolveAsync(async (c, import) => c.AfterChange(ImportPostmortemPayload.From(
                await import.ImportAsync(c.GetArgument<ImportPostmortem>("input"), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<ActionItemPayloadType>>("createActionItem")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<CreateActionItemInputType>>("input")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(ActionItemPayload.From(
                await items.CreateAsync(c.GetArgument<CreateActionItem>("input"), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<ActionItemPayloadType>>("updateActionItem")
            .Description("Changes the fields given. Needs the version the client saw: a stale one returns CONFLICT with the current item.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<UpdateActionItemInputType>>("input")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(ActionItemPayload.From(
                await items.UpdateAsync(c.GetArgument<UpdateActionItem>("input"), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<ActionItemsPayloadType>>("assignActionItems")
            .Description("Bulk triage: sets owner, team and/or priority of many items at once (all or nothing).")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<AssignActionItemsInputType>>("input")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(ActionItemsPayload.From(
                await items.AssignAsync(c.GetArgument<AssignActionItems>("input"), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<ActionItemPayloadType>>("setActionItemStatus")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<EnumerationGraphType<ActionItemStatus>>>("status")
            .Argument<IntGraphType>("version", "When given, a stale version returns CONFLICT.")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(ActionItemPayload.From(await items.SetStatusAsync(
                new SetActionItemStatus(QueryType.Id(c, "id"), c.GetArgument<ActionItemStatus>("status"), c.GetArgument<int?>("version")),
                c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<ActionItemPayloadType>>("archiveActionItem")
            .Description("Hides the item from lists; nothing is deleted, here or in trackers.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(ActionItemPayload.From(
                await items.ArchiveAsync(new ArchiveActionItem(QueryType.Id(c, "id")), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<ActionItemPayloadType>>("unarchiveActionItem")
            .Description("Brings an archived item back into lists and dashboards.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(ActionItemPayload.From(
                await items.UnarchiveAsync(new UnarchiveActionItem(QueryType.Id(c, "id")), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<TrackerLinkPayloadType>>("linkTrackerTask")
            .Description("Links an item to an existing Phabricator task or GitHub issue of a sync target.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<LinkTrackerTaskInputType>>("input")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(TrackerLinkPayload.From(
                await items.LinkAsync(c.GetArgument<LinkTrackerTask>("input"), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<TrackerLinkPayloadType>>("unlinkTrackerTask")
            .Description("Removes a link; the remote task is left as it is.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("linkId")
            .Resolve().WithService<ActionItemService>()
            .ResolveAsync(async (c, items) => c.AfterChange(TrackerLinkPayload.From(
                await items.UnlinkAsync(new UnlinkTrackerTask(QueryType.Id(c, "linkId")), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<PersonPayloadType>>("createPerson")
            .Description("Triagers may create people (assigning to someone new); only admins edit them (updatePerson).")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<PersonInputType>>("input")
            .Resolve().WithService<PeopleService>()
            .ResolveAsync(async (c, people) => c.AfterChange(PersonPayload.From(
                await people.CreateAsync(new CreatePerson(c.GetArgument<PersonInput>("input").Fields), c.Actor(), c.CancellationToken))));

        Field<NonNullGraphType<PersonPayloadType>>("updatePerson")
            .RequireRole(Roles.Admin)
            .Argument<NonNullGraphType<PersonInputType>>("input")
            .Resolve().WithService<PeopleService>()
            .ResolveAsync(async (c, people) => c.AfterChange(PersonPayload.From(
                c.GetArgument<PersonInput>("input") is { Id: { } id } input
                    ? await people.UpdateAsync(new UpdatePerson(id, input.Fields), c.Actor(), c.CancellationToken)
                    : Result<Person>.Fail(ErrorKind.Validation, "updatePerson needs an id.", "id"))));

        Sync.SyncSchemaFields.AddMutations(this);
        Prevention.PreventionSchemaFields.AddMutations(this);
        Tokens.ApiTokenSchemaFields.AddMutations(this);
    }
}
