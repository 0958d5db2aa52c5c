using System.Reflection;

namespace ActionItems.Api;

public static class AppInfo
{
    public static string Version { get; } =
        typeof(AppInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";

    public const string DefaultUrl = "http://localhost:5080";
}
