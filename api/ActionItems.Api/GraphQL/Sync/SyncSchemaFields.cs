using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Inputs;
using ActionItems.Api.GraphQL.Mutations;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Application.Sync;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Sync;

/// <summary>
/// The sync part of the schema, kept in one place: the shared root and object types call these with one
/// line each, so sync fields do not spread through files other work also edits.
/// </summary>
public static class SyncSchemaFields
{
    public const int MaxConflicts = 500;

    public static void AddMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SyncLinksPayloadType>>("pushToTracker")
            .Description("Creates the remote task of each item in a configured target (all or nothing); the create runs in the background, crash-safe.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("itemIds")
            .Argument<NonNullGraphType<StringGraphType>>("target", "Name of the sync target.")
            .Resolve().WithService<SyncCommands>()
            .ResolveAsync(async (c, sync) => c.AfterChange(SyncLinksPayload.From(await sync.PushToTrackerAsync(
                new PushToTracker(Ids(c, "itemIds"), c.GetArgument<string>("target")), c.Actor(), c.CancellationToken))));

        mutation.Field<NonNullGraphType<SyncLinksPayloadType>>("requestSync")
            .Description("Queues a sync now of every link of the items (a link in Error is retried; a Broken one needs relinking).")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("itemIds")
            .Resolve().WithService<SyncCommands>()
            .ResolveAsync(async (c, sync) => SyncLinksPayload.From(
                await sync.RequestSyncAsync(new RequestSync(Ids(c, "itemIds")), c.Actor(), c.CancellationToken)));

        mutation.Field<NonNullGraphType<ResolveConflictPayloadType>>("resolveConflict")
            .Description("Settles the open conflict of a link's field by keeping the local or the remote value on both sides.")
            .RequireRole(Roles.Triager)
            .Argument<NonNullGraphType<IdGraphType>>("linkId")
            .Argument<NonNullGraphType<StringGraphType>>("field", "title, status, owner, priority, description or tags.")
            .Argument<NonNullGraphType<ConflictKeepGraphType>>("keep")
            .Resolve().WithService<SyncCommands>()
            .ResolveAsync(async (c, sync) => c.AfterChange(ResolveConflictPayload.From(await sync.ResolveConflictAsync(
                new ResolveConflict(QueryType.Id(c, "linkId"), c.GetArgument<string>("field"), c.GetArgument<ConflictKeep>("keep")),
                c.Actor(), c.CancellationToken))));
    }

    public static void AddQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SyncConflictType>>>>("conflicts")
            .Description($"Sync conflicts, newest first (at most {MaxConflicts}); open ones only unless includeResolved.")
            .Argument<BooleanGraphType>("includeResolved", a => a.DefaultValue = false)
            .Resolve().WithService<ActionItemsDbContext>()
            .ResolveAsync(async (c, db) =>
            {
                var conflicts = db.SyncConflicts.AsNoTracking();
                if (!c.GetArgument("includeResolved", false))
                {
                    conflicts = conflicts.Where(x => x.ResolvedAt == null);
                }
                return await conflicts.OrderByDescending(x => x.Id).Take(MaxConflicts).ToListAsync(c.CancellationToken);
            });
    }

    public static void AddToActionItem(ObjectGraphType<ActionItem> type) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SyncConflictType>>>>("conflicts")
            .Description("Open sync conflicts of the item's links.")
            .Resolve().WithService<SyncLoaders>().Resolve((c, syncLoaders) => syncLoaders.OpenConflictsByItem.Load(c.Source.Id));

    public static void AddToTrackerLink(ObjectGraphType<TrackerLink> type)
    {
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SyncConflictType>>>>("conflicts")
            .Description("Open conflicts of this link; the link is in state Conflict while there is one.")
            .Resolve().WithService<SyncLoaders>().Resolve((c, syncLoaders) => syncLoaders.OpenConflictsByLink.Load(c.Source.Id));
        type.Field<DateTimeGraphType>("pendingSince").Description("When the remote create was requested (state PendingCreate).")
            .Resolve(c => c.Source.PendingSince?.UtcDateTime);
    }

    public static void AddHealthToSyncTarget(ObjectGraphType<SyncTarget> type)
    {
        type.Field<NonNullGraphType<BooleanGraphType>>("configured")
            .Description("False for a target an import created from a task URL that no configuration entry names: it is not synced.")
            .Resolve().WithService<SyncTargetRegistry>().Resolve((c, registry) => registry.Find(c.Source.Name) is not null);
        type.Field<StringGraphType>("pollCursor").Description("Where the next poll starts (advanced only after a page is applied).")
            .Resolve(c => c.Source.PollCursor);
        type.Field<DateTimeGraphType>("haltedAt")
            .Description("Set when every call would fail the same way (e.g. a bad token): sync of this target stops until its configuration changes.")
            .Resolve(c => c.Source.HaltedAt?.UtcDateTime);
        type.Field<NonNullGraphType<IntGraphType>>("callsLastHour")
            .Description("Tracker API calls made for the target during the last hour by every process on the database (failed ones included). " +
                         "Counted per UTC minute: the minutes that started within the last hour. Another process's calls show within about 5 seconds " +
                         "(each process stores its counts every 5 seconds and when it stops).")
            .Resolve().WithService<SyncLoaders>().Resolve((c, syncLoaders) => syncLoaders.CallsLastHour.Load(c.Source.Name));
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LinkStateCountType>>>>("linkCounts")
            .Description("How many of the target's links are in each state (every state, zeros included): DIVERGED links are synced but " +
                         "hold fields that cannot agree, PENDING_FILL ones wait for their first read of the task.")
            .Resolve().WithService<SyncLoaders>().Resolve((c, syncLoaders) => syncLoaders.LinkCountsByTarget.Load(c.Source.Id));
        type.Field<RateLimitBudgetType>("rateLimit")
            .Description("GitHub targets: the rate-limit budget (remaining, limit, reset) from the latest answer this process received; " +
                         "null before its first GitHub call and for Phabricator targets.")
            .Resolve().WithService<GitHubConnectorFactory>().Resolve((c, gitHub) => c.Source.Kind == TrackerKind.GitHub ? gitHub.RateLimitOf(c.Source.Name) : null);
        type.Field<NonNullGraphType<IntGraphType>>("rateLimitWaitSeconds")
            .Description("Seconds until the tracker's rate limit resets; 0 when not waiting.")
            .Resolve().WithService<TimeProvider>().Resolve((c, clock) => c.Source.RateLimitedUntil is { } until
                ? Math.Max(0, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds))
                : 0);
    }

    private static IReadOnlyList<long> Ids(IResolveFieldContext context, string argument) =>
        [.. context.GetArgument<List<object>>(argument).Select(id => InputValues.Id(id, argument))];
}
