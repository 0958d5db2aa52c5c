using ActionItems.Data;
using Microsoft.AspNetCore.DataProtection;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Where ASP.NET Core's data-protection keys live. Without this they went to <c>~/.aspnet/DataProtection-Keys</c>
/// (lost with a container's home on every start, and different on every replica) and each start warned that the new
/// key is stored unencrypted.
/// </summary>
public static class DataProtectionKeys
{
    public const string DirectoryKey = "DataProtection:KeysDirectory";
    public const string DefaultDirectoryName = "data-protection-keys";

    /// <summary>
    /// On PostgreSQL (a connection string is configured) the keys are rows of the <c>data_protection_keys</c> table, so
    /// every api replica on the database shares them — a <c>/jobs</c> sign-in made through one replica is read by the
    /// others — with no shared volume, and they are backed up with the data. The embedded SQLite default (one process)
    /// keeps them as files: in <c>DataProtection:KeysDirectory</c>, else beside the SQLite file, a folder created
    /// readable by this user only. Either way they are not encrypted at rest (there is no certificate or key vault to
    /// encrypt with on a plain Linux host), which is the database's or that folder's documented trade-off (README); so
    /// the "no XML encryptor" warning says nothing new and is logged only at Debug.
    /// </summary>
    public static IHostApplicationBuilder AddPersistedDataProtectionKeys(this IHostApplicationBuilder builder, DatabaseOptions database)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("actionitems");
        if (database.Provider == DatabaseProvider.Postgres)
        {
            dataProtection.PersistKeysToDbContext<ActionItemsDbContext>();
        }
        else
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
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(directory));
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        return builder;
    }

    /// <summary>
    /// The key folder for SQLite: the configured one, else beside the SQLite file, which
    /// <see cref="DatabaseOptions"/> always makes a full path (so it always has a folder).
    /// </summary>
    public static string Directory(IConfiguration configuration, DatabaseOptions database)
    {
        if (configuration[DirectoryKey] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }
        var file = database.SqliteFile
            ?? throw new InvalidOperationException("PostgreSQL keeps data-protection keys in the database, not in a folder.");
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, DefaultDirectoryName);
    }
}
