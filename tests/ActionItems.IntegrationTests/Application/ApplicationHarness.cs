using ActionItems.Application;
using ActionItems.Application.Items;
using ActionItems.Application.People;
using ActionItems.Application.Postmortems;
using ActionItems.Application.Sync;
using ActionItems.Application.Telemetry;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Application;

/// <summary>
/// The use cases over a fresh migrated database, as a request would see them: each <see cref="Scope"/> is one
/// context with its own unit of work. Drain signals are counted, not sent.
/// </summary>
internal sealed class ApplicationHarness : IAsyncDisposable
{
    public static readonly Actor Triager = new("alice", ActorRole.Triager);
    public static readonly Actor Viewer = new("vera", ActorRole.Viewer);
    public static readonly Actor Admin = new("ada", ActorRole.Admin);

    private readonly List<ActionItemsDbContext> _contexts = [];

    private ApplicationHarness(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public CountingDrainSignal Drains { get; } = new();

    /// <summary>This harness's own meters (as a host has), so a test reads only the imports it ran.</summary>
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public IMeterFactory Meters => _metrics.GetRequiredService<IMeterFactory>();

    public static async Task<ApplicationHarness> CreateAsync(DatabaseProvider provider = DatabaseProvider.Sqlite) =>
        new(await TestDatabase.CreateAsync(provider));

    public Services Scope()
    {
        var db = Database.CreateContext();
        _contexts.Add(db);
        var unitOfWork = new UnitOfWork(db, Drains);
        var registry = SyncTargetRegistry.FromConfiguration(new ConfigurationBuilder().Build());
        return new Services(db, new ActionItemService(db, unitOfWork, Clock), new PeopleService(db, unitOfWork, Clock),
            new PostmortemImport(new PostmortemImporter(db, Clock, registry), unitOfWork, NullLogger<PostmortemImport>.Instance,
                new ImportMeter(Meters)),
            new SyncCommands(db, unitOfWork, registry, Jobs, Clock));
    }

    /// <summary>An incident, a person and one item (version 1), committed.</summary>
    public async Task<(Incident Incident, Person Person, ActionItem Item)> SeedAsync()
    {
        await using var db = Database.CreateContext();
        var incident = new Incident { Slug = "2026-11-01 outage", Title = "Outage", CreatedAt = Clock.GetUtcNow() };
        var person = new Person { DisplayName = "Bob", PhabricatorUsername = "bob", CreatedAt = Clock.GetUtcNow() };
        db.Incidents.Add(incident);
        db.People.Add(person);
        await db.SaveChangesAsync();
        var item = ActionItem.Create(incident.Id, "Add an alert", new Change("seed", ChangeOrigin.Import, Clock.GetUtcNow()));
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        return (incident, person, item);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        await Database.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    /// <summary>Jobs the sync use cases queue, counted (the tracker is never called from a use case).</summary>
    public CountingJobClient Jobs { get; } = new();

    public sealed record Services(ActionItemsDbContext Db, ActionItemService Items, PeopleService People, PostmortemImport Postmortems,
        SyncCommands Sync);

    /// <summary>
    /// Hangfire's client contract, counting what is enqueued. (A real in-memory storage here would log through
    /// Hangfire's process-wide log provider, which a host stopped by another test may have disposed.)
    /// </summary>
    public sealed class CountingJobClient : IBackgroundJobClient
    {
        public int Created { get; private set; }

        public string Create(Job job, IState state) => (++Created).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    public sealed class CountingDrainSignal : IOutboxDrainSignal
    {
        public int Count { get; private set; }

        public void SyncWorkCommitted() => Count++;
    }
}
