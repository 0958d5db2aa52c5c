using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Inputs;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Core.Domain;
using GraphQL;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL;

/// <summary>
/// Every write. Each field declares its role (<see cref="RoleRequirement"/>). Expected failures come back
/// in the payload's <c>errors</c>; sync (pushToTracker, requestSync, resolveConflict) and prevention-review
/// mutations are added here by their own work.
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
            .Resolve(c => PostmortemCommands.Preview(Input(c)));

        Field<NonNullGraphType<ImportPostmortemPayloadType>>("importPostmortem")
            .Description("Imports (or re-imports) a postmortem: incident, timeline, scorecard, items, links.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<PostmortemInputType>>("input")
            .ResolveAsync(async c => await Service<PostmortemCommands>(c).ImportAsync(Input(c), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<ActionItemPayloadType>>("createActionItem")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<CreateActionItemInputType>>("input")
            .ResolveAsync(async c => await Items(c).CreateAsync(Input(c), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<ActionItemPayloadType>>("updateActionItem")
            .Description("Changes the fields given. Needs the version the client saw: a stale one returns CONFLICT with the current item.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<UpdateActionItemInputType>>("input")
            .ResolveAsync(async c => await Items(c).UpdateAsync(Input(c), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<ActionItemsPayloadType>>("assignActionItems")
            .Description("Bulk triage: sets owner, team and/or priority of many items at once (all or nothing).")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<AssignActionItemsInputType>>("input")
            .ResolveAsync(async c => await Items(c).AssignAsync(Input(c), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<ActionItemPayloadType>>("setActionItemStatus")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<EnumerationGraphType<ActionItemStatus>>>("status")
            .Argument<IntGraphType>("version", "When given, a stale version returns CONFLICT.")
            .ResolveAsync(async c => await Items(c).SetStatusAsync(QueryType.Id(c, "id"), c.GetArgument<ActionItemStatus>("status"),
                c.GetArgument<int?>("version"), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<ActionItemPayloadType>>("archiveActionItem")
            .Description("Hides the item from lists; nothing is deleted, here or in trackers.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await Items(c).ArchiveAsync(QueryType.Id(c, "id"), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<TrackerLinkPayloadType>>("linkTrackerTask")
            .Description("Links an item to an existing Phabricator task or GitHub issue of a sync target.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<LinkTrackerTaskInputType>>("input")
            .ResolveAsync(async c => await Items(c).LinkAsync(Input(c), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<TrackerLinkPayloadType>>("unlinkTrackerTask")
            .Description("Removes a link; the remote task is left as it is.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("linkId")
            .ResolveAsync(async c => await Items(c).UnlinkAsync(QueryType.Id(c, "linkId"), Actor(c), c.CancellationToken));

        Field<NonNullGraphType<PersonPayloadType>>("createPerson")
            .RequireRole(Roles.Admin)
            .Argument<NonNullGraphType<PersonInputType>>("input")
            .ResolveAsync(async c => await Service<PersonCommands>(c).CreateAsync(Input(c), c.CancellationToken));

        Field<NonNullGraphType<PersonPayloadType>>("updatePerson")
            .RequireRole(Roles.Admin)
            .Argument<NonNullGraphType<PersonInputType>>("input")
            .ResolveAsync(async c => await Service<PersonCommands>(c).UpdateAsync(Input(c), c.CancellationToken));

        Sync.SyncSchemaFields.AddMutations(this);
    }

    private static T Service<T>(IResolveFieldContext context) where T : notnull =>
        context.RequestServices!.GetRequiredService<T>();

    private static ActionItemCommands Items(IResolveFieldContext context) => Service<ActionItemCommands>(context);

    private static MutationInput Input(IResolveFieldContext context) =>
        new(context.GetArgument<Dictionary<string, object?>>("input"));

    /// <summary>History names who changed what: the authenticated principal's name.</summary>
    private static string Actor(IResolveFieldContext context) =>
        context.User?.Identity?.Name is { Length: > 0 } name ? name : "unknown";
}
