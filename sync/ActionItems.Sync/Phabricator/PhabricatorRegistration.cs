using ActionItems.Sync.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ActionItems.Sync.Phabricator;

/// <summary>HTTP settings shared by every Phabricator target (<c>Sync:Phabricator</c>).</summary>
public sealed class PhabricatorClientOptions
{
    public const string Section = "Sync:Phabricator";

    /// <summary>Per Conduit call. A write that times out is reported as an unknown outcome.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public static class PhabricatorRegistration
{
    public const string UserAgent = "ActionItems/0.1 (postmortem action item sync)";

    /// <summary>
    /// Registers the Phabricator/Phorge connector factory (<see cref="ISyncConnectorFactory"/>), its
    /// HTTP client, the per-target call recorder (health: calls in the last hour) and vocabulary cache.
    /// </summary>
    public static IHostApplicationBuilder AddPhabricatorConnector(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<PhabricatorClientOptions>(builder.Configuration.GetSection(PhabricatorClientOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(PhabricatorConnectorFactory.HttpClientName, (services, http) =>
            {
                http.Timeout = services.GetRequiredService<IOptions<PhabricatorClientOptions>>().Value.Timeout;
                http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
            })
            // Conduit sets a phsid session cookie on every answer; token calls do not need it, and a
            // pooled handler must not carry one target's cookie to another.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        builder.Services.TryAddSingleton<ActionItems.Sync.Telemetry.TrackerCallMeter>();
        builder.Services.TryAddSingleton<PhabricatorCallRecorder>();
        builder.Services.TryAddSingleton<PhabricatorVocabularyCache>();
        builder.Services.TryAddSingleton<PhabricatorConnectorFactory>();
        // Idempotent: calling this twice must not make the engine see two Phabricator factories.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISyncConnectorFactory, PhabricatorConnectorFactory>());
        return builder;
    }
}
