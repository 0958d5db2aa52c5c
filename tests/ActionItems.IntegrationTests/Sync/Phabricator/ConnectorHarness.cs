using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>
/// A fake Phorge plus the connector as the application registers it (<see cref="PhabricatorRegistration.AddPhabricatorConnector"/>),
/// talking real HTTP. One clock drives both: the fake's dateModified and the connector's recorder / retry times.
/// </summary>
public sealed class ConnectorHarness : IAsyncDisposable
{
    /// <summary>Short, so the delay fault can outlast it without slowing the suite.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(1);

    private readonly IHost _host;

    private ConnectorHarness(IHost host, FakePhorge.FakePhorge fake, FakeTimeProvider clock, SyncTargetOptions target)
    {
        _host = host;
        Fake = fake;
        Clock = clock;
        Target = target;
    }

    public FakePhorge.FakePhorge Fake { get; }
    public FakeTimeProvider Clock { get; }
    public SyncTargetOptions Target { get; }
    public PhabricatorCallRecorder Recorder => _host.Services.GetRequiredService<PhabricatorCallRecorder>();

    public static async Task<ConnectorHarness> StartAsync(Action<SyncTargetOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var fake = await FakePhorge.FakePhorge.StartAsync(clock);
        var target = new SyncTargetOptions
        {
            Kind = TrackerKind.Phabricator,
            Name = "phorge",
            BaseUrl = fake.BaseUrl.ToString(),
            Token = fake.Syncbot.Token,
            ProjectTags = ["sustainability_incident_followup"],
        };
        configure?.Invoke(target);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PhabricatorClientOptions.Section}:Timeout"] = ClientTimeout.ToString(),
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddLogging();
        builder.AddPhabricatorConnector();
        return new ConnectorHarness(builder.Build(), fake, clock, target);
    }

    /// <summary>A fresh connector, as the engine gets one per job run (caches live in singletons).</summary>
    public ISyncConnector Connector(SyncTargetOptions? target = null) =>
        _host.Services.GetServices<ISyncConnectorFactory>().Single(f => f.Supports(TrackerKind.Phabricator)).Create(target ?? Target);

    /// <summary>Loads the status/priority/project sets so later call counts show only the operation under test.</summary>
    public async Task WarmUpAsync()
    {
        var task = Fake.CreateTask(Fake.Admin, "warm-up");
        await Connector().FetchAsync([task.Monogram], CancellationToken.None);
        Fake.Phorge.RemoveTask(task.Monogram);
        Fake.ResetCallCounts();
    }

    public void Advance(TimeSpan by) => Clock.Advance(by);

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        await Fake.DisposeAsync();
    }
}
