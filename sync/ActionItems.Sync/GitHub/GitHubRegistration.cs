using System.Globalization;
using ActionItems.Core;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Sync.GitHub;

/// <summary>HTTP settings shared by every GitHub target (<c>Sync:GitHub</c>).</summary>
public sealed class GitHubClientOptions
{
    public const string Section = "Sync:GitHub";

    /// <summary>Per request. A write that times out is reported as an unknown outcome.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The least time between two writes to one target (<see cref="GitHubTargetState.PaceWriteAsync"/>): GitHub asks for at
    /// least a second. Shorter only against a server that allows it (a GitHub Enterprise Server without secondary rate
    /// limits, a test server).
    /// </summary>
    public TimeSpan WriteSpacing { get; set; } = GitHubConnector.MinWriteSpacing;

    /// <summary>A spacing longer than this would stall a push of a few hundred items for hours.</summary>
    public static readonly TimeSpan MaxWriteSpacing = TimeSpan.FromMinutes(1);

    public const string WriteSpacingKey = $"{Section}:{nameof(WriteSpacing)}";

    /// <summary>Refuses a <see cref="WriteSpacing"/> that is not a duration from 0 to <see cref="MaxWriteSpacing"/>, naming the key.</summary>
    public static void CheckWriteSpacing(IConfiguration configuration) =>
        // Only checked here: the options binding reads the value itself.
        _ = ConfiguredDuration.Read(WriteSpacingKey, configuration[WriteSpacingKey], GitHubConnector.MinWriteSpacing, TimeSpan.Zero, MaxWriteSpacing,
            $"a duration from 00:00:00 to {MaxWriteSpacing.ToString("c", CultureInfo.InvariantCulture)} (hh:mm:ss.fff, e.g. 00:00:01)");
}

public static class GitHubRegistration
{
    public const string ProductName = "ActionItems";
    public const string ProductVersion = "0.1";

    /// <summary>
    /// Registers the GitHub Issues connector factory (<see cref="ISyncConnectorFactory"/>), its pooled HTTP handler and
    /// the ETag cache. Call counts go to the same per-target recorder as Phabricator's (the target's health).
    /// </summary>
    public static IHostApplicationBuilder AddGitHubConnector(this IHostApplicationBuilder builder)
    {
        GitHubClientOptions.CheckWriteSpacing(builder.Configuration);
        builder.Services.Configure<GitHubClientOptions>(builder.Configuration.GetSection(GitHubClientOptions.Section));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient(GitHubConnectorFactory.HttpClientName)
            // No cookies: a pooled handler must not carry one target's session to another.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            });
        builder.Services.TryAddSingleton<ActionItems.Sync.Telemetry.TrackerCallMeter>();
        builder.Services.TryAddSingleton<PhabricatorCallRecorder>();
        builder.Services.TryAddSingleton<GitHubResponseCache>();
        builder.Services.TryAddSingleton<GitHubTargetStates>();
        builder.Services.TryAddSingleton<GitHubConnectorFactory>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISyncConnectorFactory, GitHubConnectorFactory>());
        return builder;
    }
}
