using System.Data.Common;
using ActionItems.Application;
using ActionItems.Application.Items;
using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using static ActionItems.IntegrationTests.Prevention.PreventionCandidatesTests;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>
/// The candidate index is built once and then follows the database (docs/prevention.md, "The candidate index"): every
/// write that changes who is a candidate, or what it says, is seen by the next query without a rebuild.
/// </summary>
public class CandidateIndexTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_new_item_a_status_change_an_archival_a_new_link_and_a_backfilled_history_row_are_seen_by_the_next_query(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var now = app.Clock.GetUtcNow();
        long earlierId;
        long runbook;
        long cleanup;
        long replica;
        long targetId;
        await using (var db = app.Database.CreateContext())
        {
            var earlier = Incident("earlier", startedAt: now.AddDays(-60));
            // Starts after the clock's now, so changes the services make now happen before it.
            var reviewed = Incident("database failover T4242", startedAt: now.AddDays(7));
            db.Incidents.AddRange(earlier, reviewed);
            var target = new SyncTarget { Name = "phab", BaseUrl = "https://phabricator.example.org", CreatedAt = now };
            db.SyncTargets.Add(target);
            await db.SaveChangesAsync();
            var items = new[]
            {
                Item(earlier.Id, "database failover runbook", now.AddDays(-30)),
                Item(earlier.Id, "unrelated cleanup", now.AddDays(-30)),
                Item(earlier.Id, "database replica check", now.AddDays(-30)),
            };
            db.ActionItems.AddRange(items);
            await db.SaveChangesAsync();
            (earlierId, runbook, cleanup, replica, targetId) = (earlier.Id, items[0].Id, items[1].Id, items[2].Id, target.Id);
        }
        var reviewedId = await IncidentIdAsync(app, "database failover T4242");
        // Age zero: every query reads the watermark, so each change below is seen by the very next one.
        var index = new CandidateIndex(TimeSpan.Zero, TimeProvider.System);

        async Task<List<string>> CandidatesAsync()
        {
            var result = await PreventionCorpus.Service(app, index).CandidatesAsync(new FindPreventionCandidates(reviewedId, 100), Viewer, default);
            Assert.Empty(result.Errors);
            return [.. result.Value!.Select(c => c.Item.Title).Order(StringComparer.Ordinal)];
        }

        Assert.Equal(["database failover runbook", "database replica check"], await CandidatesAsync());

        // A new item.
        await using (var db = app.Database.CreateContext())
        {
            db.ActionItems.Add(Item(earlierId, "database failover drill", now.AddDays(-1)));
            await db.SaveChangesAsync();
        }
        Assert.Equal(["database failover drill", "database failover runbook", "database replica check"], await CandidatesAsync());

        // A status change: resolved before the start, no longer a candidate.
        Assert.Empty((await app.Scope().Items.SetStatusAsync(new SetActionItemStatus(runbook, ActionItemStatus.Resolved), Triager, default)).Errors);
        Assert.Equal(["database failover drill", "database replica check"], await CandidatesAsync());

        // An archival.
        var drill = await ItemIdAsync(app, "database failover drill");
        Assert.Empty((await app.Scope().Items.ArchiveAsync(new ArchiveActionItem(drill), Triager, default)).Errors);
        Assert.Equal(["database replica check"], await CandidatesAsync());

        // A new link: the task the incident names makes an item of other words a candidate.
        Assert.Empty((await app.Scope().Items.LinkAsync(new LinkTrackerTask(cleanup, targetId, "T4242"), Triager, default)).Errors);
        Assert.Equal(["database replica check", "unrelated cleanup"], await CandidatesAsync());

        // A history row backfilled from the tracker (the item row itself untouched): closed before the start.
        await using (var db = app.Database.CreateContext())
        {
            db.ActionItemHistory.Add(new ActionItemHistory
            {
                ActionItemId = replica, Field = HistoryFields.Status, OldValue = "Open", NewValue = "Resolved", At = now.AddDays(-2),
                Actor = "tracker", Origin = ChangeOrigin.Phabricator,
            });
            await db.SaveChangesAsync();
        }
        Assert.Equal(["unrelated cleanup"], await CandidatesAsync());

        // A retitled incident: its items' documents carry its title.
        await using (var db = app.Database.CreateContext())
        {
            var earlier = await db.Incidents.SingleAsync(i => i.Id == earlierId);
            earlier.Title = "earlier database outage";
            earlier.UpdatedAt = now;
            await db.SaveChangesAsync();
        }
        var afterRetitle = await PreventionCorpus.Service(app, index).CandidatesAsync(new FindPreventionCandidates(reviewedId, 100), Viewer, default);
        Assert.Contains("database", Assert.Single(afterRetitle.Value!).MatchedTerms);

        Assert.Equal(1, index.Builds);
    }

    [Fact]
    public async Task Within_its_maximum_age_the_index_is_used_as_it_is_and_waiting_queries_share_one_refresh()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var now = app.Clock.GetUtcNow();
        var (earlierId, reviewedId) = await SeedRunbookBeforeFailoverAsync(app, now);
        var clock = new FakeTimeProvider(now);
        var index = new CandidateIndex(TimeSpan.FromSeconds(5), clock);

        Task<int> CountAsync() => CountCandidatesAsync(app, index, reviewedId);

        Assert.Equal(1, await CountAsync());
        await AddFailoverDrillAsync(app, earlierId, now);
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, await CountAsync());
        Assert.Equal(1, index.Refreshes);

        clock.Advance(TimeSpan.FromSeconds(1));
        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => CountAsync()));
        Assert.All(counts, count => Assert.Equal(2, count));
        Assert.Equal(2, index.Refreshes);
        Assert.Equal(1, index.Builds);
    }

    [Fact]
    public async Task A_refresh_ahead_applies_a_change_so_that_a_request_shows_it_without_reading_the_watermark()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var now = app.Clock.GetUtcNow();
        var (earlierId, reviewedId) = await SeedRunbookBeforeFailoverAsync(app, now);
        var clock = new FakeTimeProvider(now);
        var index = new CandidateIndex(TimeSpan.FromSeconds(5), clock);
        Task<int> CountAsync() => CountCandidatesAsync(app, index, reviewedId);
        async Task RefreshAheadAsync()
        {
            await using var db = app.Database.CreateContext();
            await index.RefreshAheadAsync(db, default);
        }

        Assert.Equal(1, await CountAsync());
        await AddFailoverDrillAsync(app, earlierId, now);
        clock.Advance(TimeSpan.FromSeconds(3));
        await RefreshAheadAsync();
        Assert.Equal(2, index.Refreshes);

        // 6 s after the build, 3 s after the refresh ahead: younger than its maximum age, with the change in it.
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, await CountAsync());
        Assert.Equal(2, index.Refreshes);

        // Nothing moved: the refresh ahead only reads the watermark, and the index counts as refreshed at that read.
        await RefreshAheadAsync();
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(2, await CountAsync());
        Assert.Equal((3, 1), (index.Refreshes, index.Builds));
    }

    [Fact]
    public async Task The_refresher_keeps_a_used_index_refreshed_ahead_every_half_maximum_age()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var now = app.Clock.GetUtcNow();
        var (earlierId, reviewedId) = await SeedRunbookBeforeFailoverAsync(app, now);
        await using var rig = await RefresherRig.StartAsync(app, now);
        var (clock, index, incidents, refresher) = (rig.Clock, rig.Index, rig.Incidents, rig.Refresher);
        Assert.Equal((1, 1), (index.Builds, incidents.Builds));
        Assert.Equal(1, await CountCandidatesAsync(app, index, reviewedId, incidents));
        await AddFailoverDrillAsync(app, earlierId, now);

        // Half the maximum age at a time until the refresher's pass has read the moved watermark (its timer may be set
        // a moment after the warm-up ends, so one step can come before it).
        for (var step = 0; step < 4 && index.Refreshes < 2; step++)
        {
            await AdvanceOnePassAsync(refresher, clock, TimeSpan.FromSeconds(2.5));
        }

        Assert.Equal(2, index.Refreshes);
        Assert.Equal(2, await CountCandidatesAsync(app, index, reviewedId, incidents));
        Assert.Equal(2, index.Refreshes);
    }

    [Fact]
    public async Task The_refresher_leaves_an_index_unused_for_ten_minutes_to_age()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var now = app.Clock.GetUtcNow();
        var (_, reviewedId) = await SeedRunbookBeforeFailoverAsync(app, now);
        await using var rig = await RefresherRig.StartAsync(app, now);
        var (clock, index, incidents, refresher) = (rig.Clock, rig.Index, rig.Incidents, rig.Refresher);
        Assert.Equal(1, await CountCandidatesAsync(app, index, reviewedId, incidents));

        // Used: the next pass refreshes it (its timer may be set a moment after the warm-up, so a step can come first).
        for (var step = 0; step < 4 && index.Refreshes < 2; step++)
        {
            await AdvanceOnePassAsync(refresher, clock, TimeSpan.FromSeconds(2.5));
        }
        Assert.Equal(2, index.Refreshes);

        // Unused for the idle span: passes go on and read nothing.
        await AdvanceOnePassAsync(refresher, clock, PreventionIndexRefresher.IdleAfter);
        var refreshes = (index.Refreshes, incidents.Refreshes);
        for (var step = 0; step < 3; step++)
        {
            await AdvanceOnePassAsync(refresher, clock, TimeSpan.FromSeconds(2.5));
        }
        Assert.Equal(refreshes, (index.Refreshes, incidents.Refreshes));
    }

    /// <summary>Both indexes at a 5 s maximum age on a fake clock, and a refresher over them, started and warmed up.</summary>
    private sealed class RefresherRig : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private RefresherRig(ApplicationHarness app, DateTimeOffset now)
        {
            Clock = new FakeTimeProvider(now);
            Index = new CandidateIndex(TimeSpan.FromSeconds(5), Clock);
            Incidents = new IncidentIndex(TimeSpan.FromSeconds(5), Clock);
            _services = new ServiceCollection().AddScoped(_ => app.Database.CreateContext()).BuildServiceProvider();
            Refresher = new PreventionIndexRefresher(Index, Incidents, _services.GetRequiredService<IServiceScopeFactory>(), Clock,
                NullLogger<PreventionIndexRefresher>.Instance);
        }

        public FakeTimeProvider Clock { get; }
        public CandidateIndex Index { get; }
        public IncidentIndex Incidents { get; }
        public PreventionIndexRefresher Refresher { get; }

        public static async Task<RefresherRig> StartAsync(ApplicationHarness app, DateTimeOffset now)
        {
            var rig = new RefresherRig(app, now);
            await rig.Refresher.StartAsync(default);
            await rig.Refresher.WarmedUp;
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            await Refresher.StopAsync(default);
            Refresher.Dispose();
            Index.Dispose();
            Incidents.Dispose();
            await _services.DisposeAsync();
        }
    }

    /// <summary>Advances the clock and waits (up to 2 s) for the refresher's pass that the advance let run.</summary>
    private static async Task AdvanceOnePassAsync(PreventionIndexRefresher refresher, FakeTimeProvider clock, TimeSpan by)
    {
        var passes = refresher.Passes;
        clock.Advance(by);
        await WaitUntilAsync(() => refresher.Passes > passes, TimeSpan.FromSeconds(2));
    }

    private static async Task<int> CountCandidatesAsync(ApplicationHarness app, CandidateIndex index, long reviewedId, IncidentIndex? incidents = null)
    {
        var result = await PreventionCorpus.Service(app, index, incidents).CandidatesAsync(new FindPreventionCandidates(reviewedId, 100), Viewer, default);
        Assert.Empty(result.Errors);
        return result.Value!.Count;
    }

    /// <summary>A second open item of the earlier incident, one the reviewed incident's query matches.</summary>
    private static async Task AddFailoverDrillAsync(ApplicationHarness app, long earlierId, DateTimeOffset now)
    {
        await using var db = app.Database.CreateContext();
        db.ActionItems.Add(Item(earlierId, "database failover drill", now.AddDays(-1)));
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_request_cancelled_during_its_refresh_leaves_the_refresh_done_and_the_next_query_does_not_rebuild(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var now = app.Clock.GetUtcNow();
        var (earlierId, reviewedId) = await SeedRunbookBeforeFailoverAsync(app, now);
        var index = new CandidateIndex(TimeSpan.Zero, TimeProvider.System);
        var query = new FindPreventionCandidates(reviewedId, 100);
        Assert.Single((await PreventionCorpus.Service(app, index).CandidatesAsync(query, Viewer, default)).Value!);

        await using (var db = app.Database.CreateContext())
        {
            db.ActionItems.Add(Item(earlierId, "database failover drill", now.AddDays(-1)));
            await db.SaveChangesAsync();
        }
        // The reviewer closes the tab while their request reads the watermark of the refresh it started.
        using var requester = new CancellationTokenSource();
        await using (var cancelling = WithInterceptor(app.Scope().Db, new CancelOnWatermarkRead(requester)))
        {
            var service = new PreventionService(cancelling, new UnitOfWork(cancelling, app.Drains), app.Clock, index,
                new IncidentIndex(TimeSpan.Zero, TimeProvider.System));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => service.CandidatesAsync(query, Viewer, requester.Token));
        }
        Assert.True(requester.IsCancellationRequested);

        Assert.Equal(2, (await PreventionCorpus.Service(app, index).CandidatesAsync(query, Viewer, default)).Value!.Count);
        Assert.Equal(1, index.Builds);
    }

    [Fact]
    public async Task A_status_row_committed_below_one_seen_already_is_applied_without_a_rebuild()
    {
        await using var app = await ApplicationHarness.CreateAsync(DatabaseProvider.Postgres);
        var now = app.Clock.GetUtcNow();
        long runbook;
        long drill;
        await using (var db = app.Database.CreateContext())
        {
            var earlier = Incident("earlier", startedAt: now.AddDays(-60));
            db.Incidents.AddRange(earlier, Incident("database failover", startedAt: now.AddDays(7)));
            await db.SaveChangesAsync();
            var items = new[] { Item(earlier.Id, "database failover runbook", now.AddDays(-30)), Item(earlier.Id, "database failover drill", now.AddDays(-30)) };
            db.ActionItems.AddRange(items);
            await db.SaveChangesAsync();
            (runbook, drill) = (items[0].Id, items[1].Id);
        }
        var reviewedId = await IncidentIdAsync(app, "database failover");
        var index = new CandidateIndex(TimeSpan.Zero, TimeProvider.System);

        async Task<List<string>> CandidatesAsync()
        {
            var result = await PreventionCorpus.Service(app, index).CandidatesAsync(new FindPreventionCandidates(reviewedId, 100), Viewer, default);
            Assert.Empty(result.Errors);
            return [.. result.Value!.Select(c => c.Item.Title).Order(StringComparer.Ordinal)];
        }

        ActionItemHistory Resolved(long itemId) => new()
        {
            ActionItemId = itemId, Field = HistoryFields.Status, OldValue = "Open", NewValue = "Resolved", At = now.AddDays(-2),
            Actor = "tracker", Origin = ChangeOrigin.Phabricator,
        };

        Assert.Equal(["database failover drill", "database failover runbook"], await CandidatesAsync());

        // A (an import's transaction) takes its row's id first and commits last; B commits a higher id meanwhile.
        await using var slow = app.Database.CreateContext();
        await using var transaction = await slow.Database.BeginTransactionAsync();
        slow.ActionItemHistory.Add(Resolved(runbook));
        await slow.SaveChangesAsync();
        await using (var fast = app.Database.CreateContext())
        {
            fast.ActionItemHistory.Add(Resolved(drill));
            await fast.SaveChangesAsync();
        }
        Assert.Equal(["database failover runbook"], await CandidatesAsync());
        await transaction.CommitAsync();

        Assert.Empty(await CandidatesAsync());
        Assert.Equal(1, index.Builds);
    }

    [Theory]
    [InlineData("5s")]
    [InlineData("-00:00:01")]
    [InlineData("02:00:00")]
    public void A_maximum_age_that_is_not_a_duration_up_to_an_hour_stops_start_up(string configured)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [CandidateIndex.MaxAgeKey] = configured }).Build();
        var error = Assert.Throws<ConfigurationErrorException>(() => CandidateIndex.MaxAgeFromConfiguration(configuration));
        Assert.Contains(CandidateIndex.MaxAgeKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_maximum_age_defaults_to_five_seconds_and_may_be_zero()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), CandidateIndex.MaxAgeFromConfiguration(new ConfigurationBuilder().Build()));
        var zero = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [CandidateIndex.MaxAgeKey] = "00:00:00" }).Build();
        Assert.Equal(TimeSpan.Zero, CandidateIndex.MaxAgeFromConfiguration(zero));
    }

    /// <summary>A context on the same database as <paramref name="db"/> whose commands also pass <paramref name="interceptor"/>.</summary>
    private static ActionItemsDbContext WithInterceptor(ActionItemsDbContext db, IInterceptor interceptor) => db switch
    {
        PostgresActionItemsDbContext => new PostgresActionItemsDbContext(
            new DbContextOptionsBuilder<PostgresActionItemsDbContext>((DbContextOptions<PostgresActionItemsDbContext>)db.GetService<IDbContextOptions>())
                .AddInterceptors(interceptor).Options),
        SqliteActionItemsDbContext => new SqliteActionItemsDbContext(
            new DbContextOptionsBuilder<SqliteActionItemsDbContext>((DbContextOptions<SqliteActionItemsDbContext>)db.GetService<IDbContextOptions>())
                .AddInterceptors(interceptor).Options),
        _ => throw new ArgumentException("an unknown provider's context", nameof(db)),
    };

    /// <summary>Cancels the requester's token once, as the first watermark query (count, largest id and sum of a table) is sent.</summary>
    private sealed class CancelOnWatermarkRead(CancellationTokenSource requester) : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!requester.IsCancellationRequested && command.CommandText.Contains("MAX(", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("SUM(", StringComparison.OrdinalIgnoreCase))
            {
                requester.Cancel();
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static async Task<long> ItemIdAsync(ApplicationHarness app, string title)
    {
        await using var db = app.Database.CreateContext();
        return await db.ActionItems.Where(i => i.Title == title).Select(i => i.Id).SingleAsync();
    }

    /// <summary>An earlier incident with one item, "database failover runbook", open at the start of the reviewed
    /// incident "database failover" a week from now.</summary>
    private static async Task<(long EarlierId, long ReviewedId)> SeedRunbookBeforeFailoverAsync(ApplicationHarness app, DateTimeOffset now)
    {
        await using var db = app.Database.CreateContext();
        var earlier = Incident("earlier", startedAt: now.AddDays(-60));
        var reviewed = Incident("database failover", startedAt: now.AddDays(7));
        db.Incidents.AddRange(earlier, reviewed);
        await db.SaveChangesAsync();
        db.ActionItems.Add(Item(earlier.Id, "database failover runbook", now.AddDays(-30)));
        await db.SaveChangesAsync();
        return (earlier.Id, reviewed.Id);
    }
}
