using System.Diagnostics;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run. <c>ACTIONITEMS_TEST_POSTGRES</c> (an admin connection
/// string) selects an existing server; otherwise a throwaway cluster is started from the local
/// PostgreSQL binaries once per run and removed when the run ends. Each test gets its own database,
/// cloned from a migrated template, so tests run in parallel without resetting each other's data.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "ACTIONITEMS_TEST_POSTGRES";
    private const string TemplateDatabase = "actionitems_template";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString) => _adminConnectionString = adminConnectionString;

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A PostgreSQL client program (pg_dump, pg_restore, …) of the newest local installation.</summary>
    public static string ClientProgram(string name) => Path.Combine(ThrowawayCluster.FindBinaries(), name);

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public Task<string> CreateMigratedDatabaseAsync() => CreateDatabaseAsync(TemplateDatabase);

    /// <summary>A new database with no schema at all (for migration tests).</summary>
    public Task<string> CreateEmptyDatabaseAsync() => CreateDatabaseAsync("template0");

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private async Task<string> CreateDatabaseAsync(string template)
    {
        var name = "test_" + Guid.NewGuid().ToString("N")[..16];
        // CREATE DATABASE … TEMPLATE fails when another session uses the template; serialise the copies.
        await CreateLock.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }
        finally
        {
            CreateLock.Release();
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(_adminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var admin = string.IsNullOrWhiteSpace(configured) ? await ThrowawayCluster.StartAsync() : configured;
        var server = new PostgresServer(admin);
        await server.PrepareTemplateAsync();
        return server;
    }

    private async Task PrepareTemplateAsync()
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{TemplateDatabase}\" WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE \"{TemplateDatabase}\"");
        var template = new NpgsqlConnectionStringBuilder(_adminConnectionString)
        {
            Database = TemplateDatabase,
            Pooling = false,
        }.ConnectionString;
        await using (var context = DatabaseRegistration.CreateDbContext(
            new DatabaseOptions(DatabaseProvider.Postgres, template, null)))
        {
            await context.Database.MigrateAsync();
        }
    }

    /// <summary>initdb + pg_ctl into a temp directory, as user postgres when running as root (initdb refuses root).</summary>
    private static class ThrowawayCluster
    {
        public static async Task<string> StartAsync()
        {
            var bin = FindBinaries();
            var root = Directory.CreateTempSubdirectory("actionitems-pg-").FullName;
            var data = Path.Combine(root, "data");
            var socket = Path.Combine(root, "sock");
            Directory.CreateDirectory(socket);
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", root], asPostgres: false);
            }

            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asRoot);
            var port = LoopbackPort.Free();
            // Durability off: a test cluster trades crash safety for speed.
            await RunAsync(Path.Combine(bin, "pg_ctl"),
            [
                "-D", data, "-l", Path.Combine(root, "log"), "-w", "-t", "60", "start", "-o",
                $"-p {port} -k {socket} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            ], asRoot);

            RemoveWhenTestRunEnds(bin, root, data, asRoot);
            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
        }

        /// <summary>
        /// A watchdog shell stops the cluster and deletes its directory once this process is gone, however
        /// it ends (the test host may be killed before ProcessExit handlers finish).
        /// </summary>
        private static void RemoveWhenTestRunEnds(string bin, string root, string data, bool asRoot)
        {
            var pgCtl = $"{(asRoot ? "runuser -u postgres -- " : "")}{Path.Combine(bin, "pg_ctl")} -D '{data}' -m immediate -w stop";
            var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 0.5; done; {pgCtl}; rm -rf '{root}'";
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
            foreach (var a in (string[])["sh", "-c", script])
            {
                start.ArgumentList.Add(a);
            }
            Process.Start(start)?.Dispose();
        }

        public static string FindBinaries()
        {
            var candidates = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                    .ToList()
                : [];
            return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
                $"No PostgreSQL binaries under /usr/lib/postgresql/*/bin. Install the Debian package 'postgresql' " +
                $"(./test.sh does) or set {EnvironmentVariable} to an admin connection string. Database tests need a real PostgreSQL.");
        }

        private static async Task RunAsync(string file, string[] args, bool asPostgres)
        {
            var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            if (asPostgres)
            {
                foreach (var a in (string[])["-u", "postgres", "--", file])
                {
                    start.ArgumentList.Add(a);
                }
            }
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{Path.GetFileName(file)} failed ({process.ExitCode}): {await stderr}{await stdout}");
            }
        }
    }
}
