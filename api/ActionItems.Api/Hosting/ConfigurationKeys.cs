using ActionItems.Api.Auth;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Application.Postmortems.MediaWiki;
using ActionItems.Data;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Every configuration key the application reads, so deployment files can be checked against them
/// (see the docker-compose test) and command-line overrides accepted (Cli/ConfigurationOverrides.cs). Environment
/// variables spell <c>:</c> as <c>__</c>. Every key of README.md's Configuration table must be here (ConfigurationKeysTests).
/// </summary>
public static class ConfigurationKeys
{
    public static IReadOnlyList<string> Known { get; } =
    [
        DatabaseOptions.ConnectionStringKey,
        DatabaseOptions.SqlitePathKey,
        DataProtectionKeys.DirectoryKey,
        WebHostDefaults.ServerUrlsKey,
        WebHostDefaults.EnvironmentKey,
        $"{MediaWikiOptions.Section}:{nameof(MediaWikiOptions.ApiUrl)}",
        $"{AuthOptions.Section}:{nameof(AuthOptions.AnonymousRead)}",
        $"{AuthOptions.Section}:{nameof(AuthOptions.Jwt)}:{nameof(JwtOptions.Authority)}",
        $"{AuthOptions.Section}:{nameof(AuthOptions.Jwt)}:{nameof(JwtOptions.Audience)}",
        $"{AuthOptions.Section}:{nameof(AuthOptions.Jwt)}:{nameof(JwtOptions.RoleClaim)}",
        .. GraphQLOptions.ConfigurationKeys,
        $"{ActionItems.Sync.Phabricator.PhabricatorClientOptions.Section}:{nameof(ActionItems.Sync.Phabricator.PhabricatorClientOptions.Timeout)}",
        $"{ActionItems.Sync.GitHub.GitHubClientOptions.Section}:{nameof(ActionItems.Sync.GitHub.GitHubClientOptions.Timeout)}",
        $"{ActionItems.Sync.GitHub.GitHubClientOptions.Section}:{nameof(ActionItems.Sync.GitHub.GitHubClientOptions.WriteSpacing)}",
        ActionItems.Application.Sync.WebhookFreshness.Key,
        ActionItems.Application.Prevention.CandidateIndex.MaxAgeKey,
        ActionItems.Sync.Jobs.OutboxRetention.Key,
        Metrics.MetricsToken.Key,
        ActionItems.Sync.Hosting.JobInvisibilityTimeout.Key,
        .. Observability.ObservabilityRegistration.ConfigurationKeys,
        CrossOriginAccess.AllowedOriginsKey,
        .. RequestRateLimits.ConfigurationKeys,
    ];

    /// <summary>
    /// Sections whose keys are read by the framework (any key below them is valid), and the sync targets,
    /// whose keys are checked one by one at start (<see cref="Sync.Engine.SyncTargetRegistry"/>), as the remediation
    /// policies' are (<see cref="ActionItems.Application.Policies.PolicyOptions"/>).
    /// </summary>
    public static IReadOnlyList<string> KnownSections { get; } =
        ["Logging", "Kestrel", Sync.Engine.SyncTargetOptions.Section, ActionItems.Application.Policies.PolicyOptions.Section,
         // A list: Cors:AllowedOrigins:0, Cors:AllowedOrigins:1, … (CrossOriginAccess checks each entry at start).
         CrossOriginAccess.AllowedOriginsKey];

    /// <summary>
    /// Maps an environment variable name to the configuration key .NET reads it as. A <c>*_FILE</c> variable is not
    /// special here: <see cref="SecretFiles.KeyOf"/> gives the key its file sets.
    /// </summary>
    public static string FromEnvironmentVariable(string name)
    {
        foreach (var prefix in (string[])["ASPNETCORE_", "DOTNET_"])
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..];
                break;
            }
        }
        return name.Replace("__", ":", StringComparison.Ordinal);
    }

    public static bool IsKnown(string key) =>
        Known.Contains(key, StringComparer.OrdinalIgnoreCase) ||
        KnownSections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));
}
