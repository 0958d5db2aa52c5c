using System.Globalization;
using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Inputs;
using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Paging;
using ActionItems.Api.GraphQL.Queries;
using ActionItems.Api.GraphQL.Types;
using ActionItems.Application.Stats;
using ActionItems.Data;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Validation;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL;

/// <summary>Every read. Each field needs role viewer (see <see cref="RoleRequirement"/>) except <c>version</c> and <c>viewer</c>.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<StringGraphType>>("version")
            .Description("Version of the ActionItems server answering this request.")
            .AllowAnonymous()
            .Resolve(_ => AppInfo.Version);

        Field<ViewerType>("viewer")
            .Description("Who this request is signed in as, and with which role; null without credentials (unless anonymous read lets it in).")
            .AllowAnonymous()
            .Resolve(c => c.User is { Identity.IsAuthenticated: true } user && Roles.All.Any(user.IsInRole) ? user : null);

        PageRequest.AddArguments(Field<NonNullGraphType<ConnectionType<IncidentType, EdgeType<IncidentType>>>>("incidents")
                .Description("Incidents, newest incident date first unless orderBy says otherwise.")
                .Argument<IncidentFilterInputType>("filter")
                .Argument<EnumerationGraphType<IncidentOrder>>("orderBy", a => a.DefaultValue = IncidentOrder.DateDesc))
            .Resolve().WithService<ActionItemsDbContext>()
            .ResolveAsync(async (c, db) =>
            {
                var filter = c.GetArgument<IncidentFilter?>("filter") ?? new IncidentFilter();
                return await ConnectionBuilder.PageAsync(filter.Apply(db.Incidents.AsNoTracking()),
                    IncidentOrderings.For(c.GetArgument("orderBy", IncidentOrder.DateDesc)), PageRequest.From(c), c.CancellationToken);
            });

        Field<IncidentType>("incident")
            .Description("One incident by id or by slug (give exactly one); when there is none: null and a NOT_FOUND error.")
            .Argument<IdGraphType>("id")
            .Argument<StringGraphType>("slug")
            .ValidateArguments(c =>
            {
                if ((c.GetArgument<object?>("id") is null) == (c.GetArgument<string?>("slug") is null))
                {
                    throw new ValidationError("Give exactly one of 'id' and 'slug'.");
                }
            })
            .Resolve().WithService<ActionItemsDbContext>()
            .ResolveAsync(async (c, db) =>
            {
                var slug = c.GetArgument<string?>("slug");
                if (slug is not null)
                {
                    return await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Slug == slug, c.CancellationToken)
                        ?? throw new GraphQLRequestException(ErrorCodes.NotFound, $"There is no incident with slug '{slug}'.");
                }
                var id = Id(c, "id");
                return await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, c.CancellationToken)
                    ?? throw new GraphQLRequestException(ErrorCodes.NotFound, $"There is no incident {id}.");
            });

        PageRequest.AddArguments(Field<NonNullGraphType<ConnectionType<ActionItemType, EdgeType<ActionItemType>>>>("actionItems")
                .Description("Action items matching the filter, oldest first unless orderBy says otherwise.")
                .Argument<ActionItemFilterInputType>("filter")
                .Argument<EnumerationGraphType<ActionItemOrder>>("orderBy", a => a.DefaultValue = ActionItemOrder.CreatedAsc))
            .Resolve().WithServices<ActionItemsDbContext, DataLoaders>()
            .ResolveAsync(async (c, db, loaders) =>
            {
                var filter = Filter(c);
                // The triage list shows each item's incident and links: joined into the page query.
                var withIncident = SelectionLookahead.NodesSelect(c, "incident");
                var withLinks = SelectionLookahead.NodesSelect(c, "links");
                return await ConnectionBuilder.PageAsync(filter.Apply(db.ActionItems.AsNoTracking(), db,
                    DateOnly.FromDateTime(c.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)),
                    ActionItemOrderings.For(c.GetArgument("orderBy", ActionItemOrder.CreatedAsc)), PageRequest.From(c), c.CancellationToken,
                    (page, ct) => ActionItemPageRead.ReadAsync(page, withIncident, withLinks, loaders, ct));
            });

        Field<ActionItemType>("actionItem")
            .Description("One action item (archived ones too); when there is none: null and a NOT_FOUND error.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<ActionItemsDbContext>()
            .ResolveAsync(async (c, db) =>
            {
                var id = Id(c, "id");
                return await db.ActionItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, c.CancellationToken)
                    ?? throw new GraphQLRequestException(ErrorCodes.NotFound, $"There is no action item {id}.");
            });

        PageRequest.AddArguments(Field<NonNullGraphType<ConnectionType<PersonType, EdgeType<PersonType>>>>("people")
                .Description("People by display name.")
                .Argument<StringGraphType>("search", "Case-insensitive text in name, tracker accounts or email."))
            .Resolve().WithService<ActionItemsDbContext>()
            .ResolveAsync(async (c, db) =>
            {
                var people = db.People.AsNoTracking();
                if (c.GetArgument<string?>("search") is { Length: > 0 } search)
                {
                    var text = search.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // ToLower().Contains() is what both providers translate.
                    people = people.Where(p => p.DisplayName.ToLower().Contains(text) ||
                                               (p.PhabricatorUsername != null && p.PhabricatorUsername.ToLower().Contains(text)) ||
                                               (p.GitHubLogin != null && p.GitHubLogin.ToLower().Contains(text)) ||
                                               (p.Email != null && p.Email.ToLower().Contains(text)));
#pragma warning restore CA1862
                }
                return await ConnectionBuilder.PageAsync(people, PersonOrderings.ByName, PageRequest.From(c), c.CancellationToken);
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SyncTargetType>>>>("syncTargets")
            .Description("Configured trackers (never their credentials).")
            .Resolve().WithService<ActionItemsDbContext>()
            .ResolveAsync(async (c, db) => await db.SyncTargets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(c.CancellationToken));
        Sync.SyncSchemaFields.AddQueries(this);
        Prevention.PreventionSchemaFields.AddQueries(this);
        Policies.PolicySchemaFields.AddQueries(this);
        Tokens.ApiTokenSchemaFields.AddQueries(this);

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StatsGroupType>>>>("actionItemStats")
            .Description("Item counts (all and open) per group, largest group first and equal counts by key (months and priorities in order).")
            .Argument<NonNullGraphType<EnumerationGraphType<StatsGroupBy>>>("groupBy")
            .Argument<EnumerationGraphType<StatsGroupBy>>("thenBy", a => a.Description = "A second dimension: each group then lists its sub-groups in `groups` (e.g. TEAM then STATUS).")
            .Argument<ActionItemFilterInputType>("filter")
            .Argument<IntGraphType>("first", a => a.Description =
                $"Only the first N groups of that order (1–{ActionItemStats.MaxFirstGroups}), e.g. the ten incidents with the most items; without it every group.")
            .ValidateArguments(c =>
            {
                if (c.GetArgument<int?>("first") is { } first && first is < 1 or > ActionItemStats.MaxFirstGroups)
                {
                    throw new ValidationError($"'first' must be between 1 and {ActionItemStats.MaxFirstGroups}, got {first}.");
                }
            })
            .Resolve().WithService<ActionItemStats>()
            .ResolveAsync(async (c, stats) => await stats.GroupAsync(c.GetArgument<StatsGroupBy>("groupBy"), Filter(c), c.CancellationToken,
                c.GetArgument<StatsGroupBy?>("thenBy"), c.GetArgument<int?>("first")));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpenItemsPointType>>>>("openItemsOverTime")
            .Description($"One point per UTC day, ISO week or month in [from, to) (at most {ActionItemStats.MaxBuckets}), computed from item status history.")
            .Argument<NonNullGraphType<EnumerationGraphType<TimeInterval>>>("interval")
            .Argument<NonNullGraphType<DateTimeGraphType>>("from")
            .Argument<NonNullGraphType<DateTimeGraphType>>("to")
            .Argument<ActionItemFilterInputType>("filter")
            .ValidateArguments(c =>
            {
                var from = ActionItemFilter.Instant(c.GetArgument<DateTime>("from"))!.Value;
                var to = ActionItemFilter.Instant(c.GetArgument<DateTime>("to"))!.Value;
                if (ActionItemStats.CheckRange(c.GetArgument<TimeInterval>("interval"), from, to) is { } error)
                {
                    throw new ValidationError(error.Message);
                }
            })
            .Resolve().WithService<ActionItemStats>()
            .ResolveAsync(async (c, stats) => await stats.OpenOverTimeAsync(c.GetArgument<TimeInterval>("interval"),
                ActionItemFilter.Instant(c.GetArgument<DateTime>("from"))!.Value,
                ActionItemFilter.Instant(c.GetArgument<DateTime>("to"))!.Value, Filter(c), c.CancellationToken));

        // Grouped figures are fields of their own (…ByGroup, groupBy required) so the ungrouped fields keep their result types.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgeBucketType>>>>("openItemAgeBuckets")
            .Description("Open items by age since openedAt.")
            .Argument<ActionItemFilterInputType>("filter")
            .Argument<ListGraphType<NonNullGraphType<IntGraphType>>>(EdgesDays, a => a.Description = EdgesDaysDescription)
            .ValidateArguments(ValidateEdges)
            .Resolve().WithService<ActionItemStats>()
            .ResolveAsync(async (c, stats) => await stats.OpenAgeBucketsAsync(Filter(c), c.CancellationToken, Edges(c)));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgeBucketGroupType>>>>("openItemAgeBucketsByGroup")
            .Description("openItemAgeBuckets per group (largest group first, equal counts by key; months in order, priorities highest first).")
            .Argument<NonNullGraphType<EnumerationGraphType<StatsGroupBy>>>("groupBy")
            .Argument<ActionItemFilterInputType>("filter")
            .Argument<ListGraphType<NonNullGraphType<IntGraphType>>>(EdgesDays, a => a.Description = EdgesDaysDescription)
            .ValidateArguments(ValidateEdges)
            .Resolve().WithService<ActionItemStats>()
            .ResolveAsync(async (c, stats) => await stats.OpenAgeBucketsByGroupAsync(c.GetArgument<StatsGroupBy>("groupBy"), Filter(c),
                Edges(c), c.CancellationToken));

        Field<NonNullGraphType<TimeToResolveType>>("timeToResolve")
            .Description("Median and 90th percentile of hours from openedAt to resolvedAt.")
            .Argument<ActionItemFilterInputType>("filter")
            .Resolve().WithService<ActionItemStats>()
            .ResolveAsync(async (c, stats) => await stats.TimeToResolveAsync(Filter(c), c.CancellationToken));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimeToResolveGroupType>>>>("timeToResolveByGroup")
            .Description("timeToResolve per group (largest group first, equal counts by key; months in order, priorities highest first).")
            .Argument<NonNullGraphType<EnumerationGraphType<StatsGroupBy>>>("groupBy")
            .Argument<ActionItemFilterInputType>("filter")
            .Resolve().WithService<ActionItemStats>()
            .ResolveAsync(async (c, stats) => await stats.TimeToResolveByGroupAsync(c.GetArgument<StatsGroupBy>("groupBy"), Filter(c),
                c.CancellationToken));
    }

    private const string EdgesDays = "edgesDays";

    private static readonly string EdgesDaysDescription =
        $"Bucket edges in days, ascending, 1 to {AgeBucketEdges.MaxEdges} of them between 1 and {AgeBucketEdges.MaxEdgeDays}: n edges make n + 1 buckets. Default [{string.Join(", ", AgeBucketEdges.Default)}].";

    private static List<int>? Edges(IResolveFieldContext context) => context.GetArgument<List<int>?>(EdgesDays);

    private static void ValidateEdges(FieldArgumentsValidationContext context)
    {
        // Validation sees the argument before it is converted to its CLR type: a list of boxed numbers.
        var edges = context.GetArgument<object?>(EdgesDays) is IEnumerable<object?> values
            ? values.Select(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)).ToList()
            : null;
        if (AgeBucketEdges.Check(edges) is { } error)
        {
            throw new ValidationError(error.Message);
        }
    }

    private static ActionItemFilter Filter(IResolveFieldContext context) =>
        context.GetArgument<ActionItemFilter?>("filter") ?? ActionItemFilter.None;

    /// <summary>Ids are numbers; anything else cannot name a row.</summary>
    internal static long Id(IResolveFieldContext context, string argument) =>
        long.TryParse(Convert.ToString(context.GetArgument<object>(argument), CultureInfo.InvariantCulture), NumberStyles.None,
            CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new GraphQLRequestException(ErrorCodes.Validation, $"'{argument}' is not an id of this API.");
}
