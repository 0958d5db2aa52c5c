using ActionItems.Data;
using Microsoft.AspNetCore.DataProtection;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Where ASP.NET Core's data-protection keys live. Without this they went to <c>~/.aspnet/DataProtection-Keys</c>
/// (lost with a container's home on every start) and each start warned that the new key is stored unencrypted.
/// </summary>
public static class DataProtectionKeys
{
    public const string DirectoryKey = "DataProtection:KeysDirectory";
    public const string DefaultDirectoryName = "data-protection-keys";

    /// <summary>
    /// Keys go to <c>DataProtection:KeysDirectory</c>, else beside the SQLite file, else (PostgreSQL) under the user's
    /// data directory: a folder the operator owns and backs up with the data, created readable by this user only.
    /// No key encryption at rest (there is no certificate or key vault to encrypt with on a plain Linux host), which
    /// is that folder's documented trade-off (README); so the "no XML encryptor" warning says nothing new and is
    /// logged only at Debug.
    /// </summary>
    public static IHostApplicationBuilder AddPersistedDataProtectionKeys(this IHostApplicationBuilder builder, DatabaseOptions database)
    {
        var directory = Directory(builder.Configuration, database);
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        builder.Services.AddDataProtection().SetApplicationName("actionitems").PersistKeysToFileSystem(new DirectoryInfo(directory));
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        return builder;
    }

    public static string Directory(IConfiguration configuration, DatabaseOptions database)
    {
        if (configuration[DirectoryKey] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        if (database.SqliteFile is { } file && Path.GetDirectoryName(file) is { Length: > 0 } folder)
        {
            return Path.Combine(folder, DefaultDirectoryName);
        }
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }
        return Path.Combine(dataHome, "actionitems", DefaultDirectoryName);
    }
}
