using System.Linq.Expressions;
using System.Net.Http.Headers;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>
/// A sync scenario: a fake Phorge on 127.0.0.1, a fresh PostgreSQL database and the real host (API + Hangfire
/// server) configured with one Phabricator target pointing at the fake. Jobs run for real in Hangfire; tests
/// enqueue them and wait until the queues are quiet.
/// </summary>
public sealed class SyncScenario : IAsyncDisposable
{
    /// <summary>Scenarios run one after another: each runs a whole host with Hangfire workers on two shared cores.</summary>
    public const string Collection = "sync scenarios";

    public const string TargetName = "phorge";
    public const string WebhookSecret = "test-webhook-hmac-key";

    private readonly string[] _hostArgs;
    private readonly bool _ownsPhorge;
    private bool _hostStopped;

    private SyncScenario(FakePhorge.FakePhorge phorge, FakeTimeProvider phorgeClock, TestDatabase database, RunningHost host, long targetId,
        string[] hostArgs, bool ownsPhorge = true)
    {
        _ownsPhorge = ownsPhorge;
        Phorge = phorge;
        PhorgeClock = phorgeClock;
        Database = database;
        Host = host;
        TargetId = targetId;
        _hostArgs = hostArgs;
    }

    public FakePhorge.FakePhorge Phorge { get; }

    /// <summary>The fake's clock: one second passes per reading (set <c>AutoAdvanceAmount</c> to zero for edits within one second).</summary>
    public FakeTimeProvider PhorgeClock { get; }
    public TestDatabase Database { get; }
    public RunningHost Host { get; }
    public long TargetId { get; }
    public string ProjectSlug => Phorge.Phorge.IncidentFollowup.Slug;

    /// <param name="pushPolicy">The target's PushPolicy.</param>
    /// <param name="token">The target's Conduit token (default: the fake's sync bot).</param>
    /// <param name="remoteClockOffset">
    /// Where the fake's clock stands relative to ours (default one minute ahead, so remote changes are newer
    /// than local ones, as they are when they happen later). Each reading advances it by one second, so every
    /// remote edit has its own dateModified.
    /// </param>
    /// <param name="role">
    /// The host's role; with <see cref="HostRole.Api"/> nothing runs the jobs until <see cref="StartWorkerAsync"/> starts a worker.
    /// </param>
    /// <param name="extraHostArgs">More host configuration (e.g. log levels); with any given, the host also loads the test services (LogCapture).</param>
    public static async Task<SyncScenario> StartAsync(string pushPolicy = "None", string? token = null, TimeSpan? remoteClockOffset = null,
        HostRole role = HostRole.All, params string[] extraHostArgs)
    {
        var phorgeClock = new FakeTimeProvider(DateTimeOffset.UtcNow + (remoteClockOffset ?? TimeSpan.FromMinutes(1)))
        {
            AutoAdvanceAmount = TimeSpan.FromSeconds(1),
        };
        var phorge = await FakePhorge.FakePhorge.StartAsync(phorgeClock);
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        string[] hostArgs =
        [
            $"--Sync:Targets:0:Kind=Phabricator",
            $"--Sync:Targets:0:Name={TargetName}",
            $"--Sync:Targets:0:BaseUrl={phorge.BaseUrl}",
            $"--Sync:Targets:0:Token={token ?? phorge.Syncbot.Token}",
            $"--Sync:Targets:0:WebhookSecret={WebhookSecret}",
            $"--Sync:Targets:0:ProjectTags:0={phorge.Phorge.IncidentFollowup.Slug}",
            $"--Sync:Targets:0:PushPolicy={pushPolicy}",
            // Daily, so the recurring poll never runs in the middle of a test: tests poll when they mean to.
            "--Sync:Targets:0:PollInterval=1.00:00:00",
        ];
        hostArgs = [.. hostArgs, .. extraHostArgs];
        var host = await RunningHost.StartAsync(database, role, testServices: extraHostArgs.Length > 0, extraArgs: hostArgs);
        await using var db = database.CreateContext();
        var targetId = await db.SyncTargets.Where(t => t.Name == TargetName).Select(t => t.Id).SingleAsync();
        return new SyncScenario(phorge, phorgeClock, database, host, targetId, hostArgs);
    }

    /// <summary>
    /// Stops this scenario's host and starts the same configuration on <paramref name="database"/> (say, a restored
    /// backup), against the same fake Phorge: what an operator does when moving the app to another database. The
    /// new scenario owns <paramref name="database"/>; the fake stays this scenario's.
    /// </summary>
    public async Task<SyncScenario> ReopenOnAsync(TestDatabase database)
    {
        _hostStopped = true;
        await Host.DisposeAsync();
        var host = await RunningHost.StartAsync(database, HostRole.All, extraArgs: _hostArgs);
        await using var db = database.CreateContext();
        var targetId = await db.SyncTargets.Where(t => t.Name == TargetName).Select(t => t.Id).SingleAsync();
        return new SyncScenario(Phorge, PhorgeClock, database, host, targetId, _hostArgs, ownsPhorge: false);
    }

    /// <summary>A second host, role worker, with the same configuration on the same database: a process of its own as far as the app can tell.</summary>
    public Task<RunningHost> StartWorkerAsync() => RunningHost.StartAsync(Database, HostRole.Worker, extraArgs: _hostArgs);

    public ActionItemsDbContext Db() => Database.CreateContext();

    private IBackgroundJobClient Jobs => Host.Host.Services.GetRequiredService<IBackgroundJobClient>();
    private JobStorage Storage => Host.Host.Services.GetRequiredService<JobStorage>();

    /// <summary>Enqueues a job and waits until it and everything it enqueued has run.</summary>
    public async Task RunAsync<TJob>(Expression<Func<TJob, Task>> job)
    {
        Jobs.Enqueue(job);
        await QuietAsync();
    }

    public Task PollAsync() => RunAsync<PollTargetJob>(j => j.RunAsync(TargetId, CancellationToken.None));

    public Task DrainAsync() => RunAsync<DrainOutboxJob>(j => j.RunAsync(CancellationToken.None));

    /// <summary>One run of the paced history job (it is minutely in production).</summary>
    public Task BackfillHistoryAsync() => RunAsync<BackfillHistoryJob>(j => j.RunAsync(TargetId, CancellationToken.None));

    /// <summary>
    /// Waits until every job created so far has left the enqueued/processing states (scheduled retries are
    /// not waited for). Reads each job's state (ids are sequential in this test's own Hangfire schema), so a
    /// job a worker has fetched but not yet marked processing still counts as unfinished.
    /// </summary>
    public async Task QuietAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        var quietRounds = 0;
        while (quietRounds < 2)
        {
            var unfinished = UnfinishedJobs();
            if (unfinished.Count > 0 && DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"jobs still unfinished: {string.Join(", ", unfinished)}");
            }
            quietRounds = unfinished.Count == 0 ? quietRounds + 1 : 0;
            await Task.Delay(100);
        }
    }

    private List<string> UnfinishedJobs()
    {
        using var connection = Storage.GetConnection();
        var unfinished = new List<string>();
        for (var id = 1L; ; id++)
        {
            var data = connection.GetJobData(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (data is null)
            {
                return unfinished;
            }
            if (data.State is null || data.State == EnqueuedState.StateName || data.State == ProcessingState.StateName ||
                data.State == AwaitingState.StateName)
            {
                unfinished.Add($"{id}:{data.Job?.Type.Name}:{data.State}");
            }
        }
    }

    /// <summary>Scheduled jobs (Hangfire retries, rate-limit reschedules) run now instead of at their time.</summary>
    public async Task RunScheduledNowAsync()
    {
        var monitoring = Storage.GetMonitoringApi();
        foreach (var scheduled in monitoring.ScheduledJobs(0, 1000))
        {
            Jobs.ChangeState(scheduled.Key, new EnqueuedState(), ScheduledState.StateName);
        }
        await QuietAsync();
    }

    public long ScheduledCount => Storage.GetMonitoringApi().ScheduledCount();

    /// <summary>Failed, scheduled and recently succeeded jobs with their last exception, for assertion messages.</summary>
    public string JobReport()
    {
        var monitoring = Storage.GetMonitoringApi();
        var lines = new List<string>();
        var ids = monitoring.FailedJobs(0, 50).Select(j => j.Key)
            .Concat(monitoring.ScheduledJobs(0, 50).Select(j => j.Key))
            .Concat(monitoring.SucceededJobs(0, 50).Select(j => j.Key));
        foreach (var id in ids)
        {
            var details = monitoring.JobDetails(id);
            var failure = details.History.Select(h => h.Data.TryGetValue("ExceptionMessage", out var m) ? m : null).FirstOrDefault(m => m is not null);
            lines.Add($"{id} {details.Job?.Type.Name}.{details.Job?.Method.Name}({string.Join(",", details.Job?.Args ?? [])}) {details.History.FirstOrDefault()?.StateName} {failure}");
        }
        return string.Join("\n", lines);
    }
    public long FailedCount => Storage.GetMonitoringApi().FailedCount();

    /// <summary>An item created the way the API creates one: local origin, so the save writes an outbox row.</summary>
    public async Task<ActionItem> CreateItemAsync(string title, string? description = null, Action<ActionItem, Change>? configure = null)
    {
        await using var db = Db();
        var incident = new Incident { Slug = "incident-" + Guid.NewGuid().ToString("N")[..8], Title = "Outage", CreatedAt = DateTimeOffset.UtcNow };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
        var item = ActionItem.Create(incident.Id, title, change, description);
        configure?.Invoke(item, change);
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    /// <summary>A burst of new items in one save, as an import or a bulk edit makes them (local origin: each gets an outbox row).</summary>
    public async Task<IReadOnlyList<long>> AddItemsAsync(int count, string titlePrefix = "Burst item")
    {
        await using var db = Db();
        var incident = new Incident { Slug = "burst-" + Guid.NewGuid().ToString("N")[..8], Title = "Burst", CreatedAt = DateTimeOffset.UtcNow };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
        var items = Enumerable.Range(0, count).Select(i => ActionItem.Create(incident.Id, $"{titlePrefix} {i}", change)).ToList();
        db.ActionItems.AddRange(items);
        await db.SaveChangesAsync();
        return [.. items.Select(i => i.Id)];
    }

    /// <summary>An item linked to an existing task the way an import links a postmortem reference (empty base).</summary>
    public async Task<ActionItem> CreateLinkedItemAsync(string title, string remoteId)
    {
        await using var db = Db();
        var incident = new Incident { Slug = "incident-" + Guid.NewGuid().ToString("N")[..8], Title = "Outage", CreatedAt = DateTimeOffset.UtcNow };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        var change = new Change("import", ChangeOrigin.Import, DateTimeOffset.UtcNow);
        var item = ActionItem.Create(incident.Id, title, change);
        item.Links.Add(new TrackerLink { SyncTargetId = TargetId, RemoteId = remoteId, State = TrackerLinkState.PendingFill, CreatedAt = change.At });
        db.ActionItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    /// <summary>Changes an item as a user of this service would (local origin → outbox → drain enqueued after commit).</summary>
    public async Task ChangeItemAsync(long itemId, Action<ActionItem, Change> change)
    {
        await using var db = Db();
        var item = await db.ActionItems.Include(i => i.Owner).SingleAsync(i => i.Id == itemId);
        change(item, new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
    }

    /// <summary>Assigns an item to a stored person as a user of this service would.</summary>
    public async Task AssignAsync(long itemId, long personId, Action<ActionItem, Change>? alsoChange = null)
    {
        await using var db = Db();
        var item = await db.ActionItems.SingleAsync(i => i.Id == itemId);
        var change = new Change("alice", ChangeOrigin.Local, DateTimeOffset.UtcNow);
        item.SetOwner(await db.People.SingleAsync(p => p.Id == personId), change);
        alsoChange?.Invoke(item, change);
        await db.SaveChangesAsync();
    }

    public async Task<(ActionItem Item, TrackerLink Link)> LoadAsync(long itemId)
    {
        await using var db = Db();
        var item = await db.ActionItems.AsNoTracking().Include(i => i.History).Include(i => i.Links).Include(i => i.Owner)
            .SingleAsync(i => i.Id == itemId);
        return (item, item.Links.Single(l => l.SyncTargetId == TargetId));
    }

    public async Task<SyncTarget> TargetAsync()
    {
        await using var db = Db();
        return await db.SyncTargets.AsNoTracking().SingleAsync(t => t.Id == TargetId);
    }

    /// <summary>An HTTP client authenticated with a real admin API token.</summary>
    public async Task<HttpClient> ClientAsync(string role = Roles.Admin)
    {
        await using var db = Db();
        var created = await new ApiTokens(db, TimeProvider.System).CreateAsync("test-" + role + Guid.NewGuid().ToString("N")[..6], role, "test",
            CancellationToken.None);
        var client = new HttpClient { BaseAddress = Host.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_hostStopped)
        {
            await Host.DisposeAsync();
        }
        await Database.DisposeAsync();
        if (_ownsPhorge)
        {
            await Phorge.DisposeAsync();
        }
    }
}

[CollectionDefinition(SyncScenario.Collection)]
public sealed class SyncScenarioCollection;
