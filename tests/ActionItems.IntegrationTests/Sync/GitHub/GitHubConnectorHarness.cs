using ActionItems.Core.Domain;
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

    private GitHubConnectorHarness(IHost host, FakeGitHub fake, FakeTimeProvider clock, SyncTargetOptions target)
    {
        _host = host;
        Fake = fake;
        Clock = clock;
        Target = target;
    }

    public FakeGitHub Fake { get; }
    public FakeTimeProvider Clock { get; }
    public SyncTargetOptions Target { get; }
    public PhabricatorCallRecorder Recorder => _host.Services.GetRequiredService<PhabricatorCallRecorder>();
    public GitHubConnectorFactory Factory => _host.Services.GetRequiredService<GitHubConnectorFactory>();

    public static async Task<GitHubConnectorHarness> StartAsync(Action<SyncTargetOptions>? configure = null, Uri? baseUrl = null)
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

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{GitHubClientOptions.Section}:Timeout"] = TimeSpan.FromSeconds(15).ToString(),
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLogging();
        builder.AddGitHubConnector();
        return new GitHubConnectorHarness(builder.Build(), fake, clock, target);
    }

    /// <summary>A fresh connector, as the engine gets one per job run (the ETag cache and issue locations live in singletons).</summary>
    public ISyncConnector Connector(SyncTargetOptions? target = null) =>
        _host.Services.GetServices<ISyncConnectorFactory>().Single(f => f.Supports(TrackerKind.GitHub)).Create(target ?? Target);

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Fake.DisposeAsync();
    }
}
