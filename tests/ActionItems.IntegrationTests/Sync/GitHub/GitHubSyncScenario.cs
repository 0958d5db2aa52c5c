using System.Linq.Expressions;
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

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>
/// A sync scenario against GitHub: the fake GitHub on 127.0.0.1, a fresh PostgreSQL database and the real host (API +
/// Hangfire server) configured with one GitHub target pointing at the fake. The same engine and jobs as the Phorge
/// scenarios (<c>Sync/Engine/SyncScenario</c>); tests enqueue jobs and wait until the queues are quiet.
/// </summary>
public sealed class GitHubSyncScenario : IAsyncDisposable
{
    public const string TargetName = "github";
    public const string Repository = "wikimedia/incident-followups";
    public const string ProjectTag = "incident-followup";
    public const string WebhookSecret = "It's a Secret to Everybody";

    private GitHubSyncScenario(FakeGitHub gitHub, FakeTimeProvider gitHubClock, TestDatabase database, RunningHost host, long targetId)
    {
        GitHub = gitHub;
        GitHubClock = gitHubClock;
        Database = database;
        Host = host;
        TargetId = targetId;
    }

    public FakeGitHub GitHub { get; }

    /// <summary>The fake's clock, a minute ahead of ours (remote changes are newer than local ones); each reading advances it a second.</summary>
    public FakeTimeProvider GitHubClock { get; }
    public TestDatabase Database { get; }
    public RunningHost Host { get; }
    public long TargetId { get; }

    /// <param name="pushPolicy">The target's <c>PushPolicy</c>.</param>
    /// <param name="webhookSecret">The target's <c>WebhookSecret</c>; null leaves it unset (no webhook endpoint).</param>
    public static async Task<GitHubSyncScenario> StartAsync(string pushPolicy = "None", string? webhookSecret = WebhookSecret)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        var gitHub = await FakeGitHub.StartAsync(clock);
        gitHub.CreateIssue(gitHub.Alice, Repository, "An issue from before the sync");
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        string[] hostArgs =
        [
            "--Sync:Targets:0:Kind=GitHub",
            $"--Sync:Targets:0:Name={TargetName}",
            $"--Sync:Targets:0:BaseUrl={gitHub.BaseUrl}",
            $"--Sync:Targets:0:Token={gitHub.Syncbot.Token}",
            $"--Sync:Targets:0:Repository={Repository}",
            $"--Sync:Targets:0:ProjectTags:0={ProjectTag}",
            $"--Sync:Targets:0:PushPolicy={pushPolicy}",
            // Daily, so the recurring poll never runs in the middle of a test: tests poll when they mean to.
            "--Sync:Targets:0:PollInterval=1.00:00:00",
            .. webhookSecret is null ? Array.Empty<string>() : [$"--Sync:Targets:0:WebhookSecret={webhookSecret}"],
        ];
        var host = await RunningHost.StartAsync(database, HostRole.All, extraArgs: hostArgs);
        await using var db = database.CreateContext();
        var targetId = await db.SyncTargets.Where(t => t.Name == TargetName).Select(t => t.Id).SingleAsync();
        return new GitHubSyncScenario(gitHub, clock, database, host, targetId);
    }

    public ActionItemsDbContext Db() => Database.CreateContext();

    private IBackgroundJobClient Jobs => Host.Host.Services.GetRequiredService<IBackgroundJobClient>();
    private JobStorage Storage => Host.Host.Services.GetRequiredService<JobStorage>();

    public async Task RunAsync<TJob>(Expression<Func<TJob, Task>> job)
    {
        Jobs.Enqueue(job);
        await QuietAsync();
    }

    public Task PollAsync() => RunAsync<PollTargetJob>(j => j.RunAsync(TargetId, CancellationToken.None));

    public Task DrainAsync() => RunAsync<DrainOutboxJob>(j => j.RunAsync(CancellationToken.None));

    /// <summary>Waits until every job created so far has left the enqueued/processing states (scheduled retries are not waited for).</summary>
    public async Task QuietAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
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
        foreach (var scheduled in Storage.GetMonitoringApi().ScheduledJobs(0, 1000))
        {
            Jobs.ChangeState(scheduled.Key, new EnqueuedState(), ScheduledState.StateName);
        }
        await QuietAsync();
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

    /// <summary>An item linked to an existing issue (<c>owner/repo#12</c>) the way an import links a postmortem reference (empty base).</summary>
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

    public async Task<(ActionItem Item, TrackerLink Link)> LoadAsync(long itemId)
    {
        await using var db = Db();
        var item = await db.ActionItems.AsNoTracking().Include(i => i.History).Include(i => i.Links).Include(i => i.Owner)
            .SingleAsync(i => i.Id == itemId);
        return (item, item.Links.Single(l => l.SyncTargetId == TargetId));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
