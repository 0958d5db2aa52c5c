namespace ActionItems.Api.Hosting;

/// <summary>What a <c>serve</c> process runs.</summary>
public enum HostRole
{
    /// <summary>API, web app and Hangfire server in one process (the default).</summary>
    All,

    /// <summary>API and web app only; jobs run in workers.</summary>
    Api,

    /// <summary>Hangfire server only, for scale-out on PostgreSQL. No HTTP listener.</summary>
    Worker,
}

public static class HostRoles
{
    public const string ConfigurationKey = "--role";

    public static HostRole Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "all" => HostRole.All,
        "api" => HostRole.Api,
        "worker" => HostRole.Worker,
        _ => throw new Core.ConfigurationErrorException(ConfigurationKey,
            $"unknown role '{value}' (expected all, api or worker)"),
    };

    public static bool ServesHttp(this HostRole role) => role != HostRole.Worker;

    public static bool RunsJobs(this HostRole role) => role != HostRole.Api;
}
