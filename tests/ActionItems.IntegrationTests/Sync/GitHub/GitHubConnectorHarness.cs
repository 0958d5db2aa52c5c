using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Sync.Engine;
using ActionItems.Sync.GitHub;
using ActionItems.Sync.Phabricator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.GitHub;

/// <summary>
/// A fake GitHub plus the connector as the application registers it (<see cref="GitHubRegistration.AddGitHubConnector"/>),
/// over real HTTP. One clock drives both.
/// </summary>
public sealed class GitHubConnectorHarness : IAsyncDisposable
{
    public const string Repository = "wikimedia/incident-followups";
    public const string ProjectTag = "incident-followup";

    private readonly IHost _host;
    private readonly DatabaseOptions? _database;
    private readonly List<IHost> _otherProcesses = [];

    private GitHubConnectorHarness(IHost host, FakeGitHub fake, FakeTimeProvider clock, SyncTargetOptions target, DatabaseOptions? database)
    {
        _host = host;
        _database = database;
        Fake = fake;
        Clock = clock;
        Target = target;
    }

    public FakeGitHub Fake { get; }
    public FakeTimeProvider Clock { get; }
    public SyncTargetOptions Target { get; }
    public PhabricatorCallRecorder Recorder => _host.Services.GetRequiredService<PhabricatorCallRecorder>();
    public GitHubConnectorFactory Factory => _host.Services.GetRequiredService<GitHubConnectorFactory>();
    public GitHubResponseCache ResponseCache => _host.Services.GetRequiredService<GitHubResponseCache>();

    /// <param name="configure">Changes to the target's options.</param>
    /// <param name="baseUrl">Where the connector sends its requests (default: the fake).</param>
    /// <param name="database">A database for what the connector persists (the ETag cache); none: memory only.</param>
    public static async Task<GitHubConnectorHarness> StartAsync(Action<SyncTargetOptions>? configure = null, Uri? baseUrl = null,
        DatabaseOptions? database = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
        var fake = await FakeGitHub.StartAsync(clock);
        fake.CreateIssue(fake.Alice, Repository, "The repository's first issue");
        var target = new SyncTargetOptions
        {
            Kind = TrackerKind.GitHub,
            Name = "github",
            BaseUrl = (baseUrl ?? fake.BaseUrl).ToString(),
            Token = fake.Syncbot.Token,
            Repository = Repository,
            ProjectTags = [ProjectTag],
        };
        configure?.Invoke(target);

        return new GitHubConnectorHarness(BuildHost(clock, database), fake, clock, target, database);
    }

    private static IHost BuildHost(TimeProvider clock, DatabaseOptions? database)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{GitHubClientOptions.Section}:Timeout"] = TimeSpan.FromSeconds(15).ToString(),
        });
        builder.Services.AddSingleton(clock);
        builder.Services.AddLogging();
        if (database is not null)
        {
            builder.Services.AddActionItemsDbContext(database);
        }
        builder.AddGitHubConnector();
        return builder.Build();
    }

    /// <summary>A connector of another process on the same database (a restart, or a second worker): nothing in memory shared.</summary>
    public ISyncConnector ConnectorOfAnotherProcess()
    {
        var host = BuildHost(Clock, _database);
        _otherProcesses.Add(host);
        return host.Services.GetServices<ISyncConnectorFactory>().Single(f => f.Supports(TrackerKind.GitHub)).Create(Target);
    }

    /// <summary>A fresh connector, as the engine gets one per job run (the ETag cache and issue locations live in singletons).</summary>
    public ISyncConnector Connector(SyncTargetOptions? target = null) =>
        _host.Services.GetServices<ISyncConnectorFactory>().Single(f => f.Supports(TrackerKind.GitHub)).Create(target ?? Target);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _otherProcesses)
        {
            host.Dispose();
        }
        _host.Dispose();
        await Fake.DisposeAsync();
    }
}
