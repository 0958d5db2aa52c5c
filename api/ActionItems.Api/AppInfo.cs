using System.Reflection;

namespace ActionItems.Api;

public static class AppInfo
{
    public static string Version { get; } =
        typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";

    /// <summary>The port <c>serve</c> listens on when no URL is configured, and the one the image sets (deploy/Dockerfile).</summary>
    public const string DefaultPort = "5080";

    public const string DefaultUrl = "http://localhost:" + DefaultPort;

    /// <summary>Where <c>health</c> asks by default: this machine at <see cref="DefaultPort"/>, by address (no IPv6 guess).</summary>
    public const string DefaultLoopbackUrl = "http://127.0.0.1:" + DefaultPort;
}
