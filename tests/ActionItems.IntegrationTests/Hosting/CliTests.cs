using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>The binary as an operator runs it: exit codes and the one line they read when something is wrong.</summary>
public class CliTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public async Task A_malformed_connection_string_stops_start_up_with_one_line_naming_the_key()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__ActionItems"] = "Hots=db;;=" }, "serve");

        Assert.Equal(3, result.ExitCode);
        AssertOneErrorLine(result, "error: ConnectionStrings:ActionItems: not a valid PostgreSQL connection string");
    }

    [Fact]
    public async Task An_unreachable_database_stops_start_up_with_one_line_naming_the_key()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__ActionItems"] = $"Host=127.0.0.1;Port={LoopbackPort.Free()};Username=x;Timeout=5" },
            "serve");

        Assert.Equal(3, result.ExitCode);
        AssertOneErrorLine(result, "error: ConnectionStrings:ActionItems: cannot connect to PostgreSQL 127.0.0.1:");
    }

    [Fact]
    public async Task An_unknown_role_is_a_usage_error()
    {
        var result = await CliProcess.RunAsync(NoEnvironment, "serve", "--role", "everything");

        Assert.Equal(2, result.ExitCode);
        AssertOneErrorLine(result, "error: --role: unknown role 'everything' (expected all, api or worker)");
    }

    [Fact]
    public async Task A_worker_on_the_embedded_default_is_refused()
    {
        var result = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["Database__SqlitePath"] = TempSqliteFile() }, "serve", "--role", "worker");

        Assert.Equal(3, result.ExitCode);
        AssertOneErrorLine(result, "error: ConnectionStrings:ActionItems: --role worker needs PostgreSQL");
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var result = await CliProcess.RunAsync(NoEnvironment, "version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"actionitems {Api.AppInfo.Version} (.NET ", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_applies_once_then_reports_up_to_date()
    {
        var environment = new Dictionary<string, string?> { ["Database__SqlitePath"] = TempSqliteFile() };

        var first = await CliProcess.RunAsync(environment, "migrate");
        var second = await CliProcess.RunAsync(environment, "migrate");

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Matches("^Applied [1-9][0-9]* migration\\(s\\) to SQLite file ", first.StdOut);
        Assert.Contains("is up to date.", second.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_runs_every_data_repair_and_finds_nothing_to_change_after_a_current_import()
    {
        var environment = new Dictionary<string, string?> { ["Database__SqlitePath"] = TempSqliteFile() };
        var postmortem = Path.Combine(Directory.CreateTempSubdirectory("actionitems-repair-").FullName, "db.md");
        await File.WriteAllTextAsync(postmortem, "# 2019-03-04 database outage\n\n## Action items\n\n- Alert on disk usage (T123456)\n");

        var import = await CliProcess.RunAsync(environment, "import", postmortem);
        var repair = await CliProcess.RunAsync(environment, "repair");
        // Its first name, from before it ran more than the date repair, still works.
        var repairDates = await CliProcess.RunAsync(environment, "repair-dates");

        Assert.Equal((0, 0, 0), (import.ExitCode, repair.ExitCode, repairDates.ExitCode));
        // Imported today, the item is already dated by its incident and carries its task: nothing left to repair.
        Assert.Equal(
            ["ImportedItemDates: 0 imported item(s) dated by their incident in SQLite file ",
                "ItemReferencedTasks: 0 imported item(s) given the tasks their text references in SQLite file "],
            repair.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line[..(line.IndexOf("SQLite file ", StringComparison.Ordinal) + 12)]));
        Assert.Equal(repair.StdOut, repairDates.StdOut);
    }

    [Fact]
    public async Task Repair_finishes_an_upgrade_interrupted_between_a_migration_and_its_data_repair()
    {
        var file = TempSqliteFile();
        var environment = new Dictionary<string, string?> { ["Database__SqlitePath"] = file };
        var postmortem = Path.Combine(Directory.CreateTempSubdirectory("actionitems-repair-").FullName, "db.md");
        await File.WriteAllTextAsync(postmortem, "# 2019-03-04 database outage\n\n## Action items\n\n- Alert on disk usage (T123456)\n");
        var import = await CliProcess.RunAsync(environment, "import", postmortem);
        // As the ItemReferencedTasks migration leaves an item when the process stops before its repair ran.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(CancellationToken.None);
            await using var blank = connection.CreateCommand();
            blank.CommandText = "UPDATE action_items SET referenced_tasks = '[]'";
            Assert.Equal(1, await blank.ExecuteNonQueryAsync(CancellationToken.None));
        }

        var repair = await CliProcess.RunAsync(environment, "repair");
        var again = await CliProcess.RunAsync(environment, "repair");

        Assert.Equal((0, 0, 0), (import.ExitCode, repair.ExitCode, again.ExitCode));
        Assert.Contains("ItemReferencedTasks: 1 imported item(s) given the tasks", repair.StdOut, StringComparison.Ordinal);
        Assert.Contains("ItemReferencedTasks: 0 imported item(s) given the tasks", again.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_works_against_postgres()
    {
        await using var database = await TestDatabase.CreateAsync(ActionItems.Data.DatabaseProvider.Postgres, migrated: false);

        var result = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__ActionItems"] = database.Options.ConnectionString }, "migrate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("to PostgreSQL 127.0.0.1:", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_arguments_the_binary_serves_on_the_embedded_default_and_becomes_ready()
    {
        var file = TempSqliteFile();
        var port = LoopbackPort.Free();
        using var process = Process.Start(CliProcess.StartInfo(new Dictionary<string, string?>
        {
            ["Database__SqlitePath"] = file,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        }))!;
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var readiness = await WaitForReadyAsync(client, process);

            Assert.Equal("Healthy", readiness.GetProperty("status").GetString());
            using var version = await client.GetAsync("/graphql?query=%7Bversion%7D");
            Assert.Equal(HttpStatusCode.OK, version.StatusCode);
            Assert.True(File.Exists(file), "the SQLite file is created where Database:SqlitePath says");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.Contains($"SQLite file {file}", await output, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForReadyAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                Assert.Fail($"actionitems exited early ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()}");
            }
            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("actionitems did not become ready within 60 s");
    }

    [Fact]
    public async Task Schema_export_writes_the_repository_schema_document_from_any_folder_inside_it()
    {
        var repository = Directory.CreateTempSubdirectory("actionitems-repo-");
        File.WriteAllText(Path.Combine(repository.FullName, "ActionItems.sln"), "");
        var docs = Directory.CreateDirectory(Path.Combine(repository.FullName, "docs"));
        var projectFolder = Directory.CreateDirectory(Path.Combine(repository.FullName, "api", "ActionItems.Api"));

        var result = await CliProcess.RunInAsync(projectFolder.FullName, "schema", "export");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("type Query", File.ReadAllText(Path.Combine(docs.FullName, "schema.graphql")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_export_outside_a_repository_without_output_is_a_usage_error()
    {
        var folder = Directory.CreateTempSubdirectory("actionitems-norepo-");

        var result = await CliProcess.RunInAsync(folder.FullName, "schema", "export");

        Assert.Equal(2, result.ExitCode);
        AssertOneErrorLine(result, "error: no ActionItems.sln in ");
    }

    [Fact]
    public async Task Schema_export_to_an_unwritable_path_is_one_error_line()
    {
        var folder = Directory.CreateTempSubdirectory("actionitems-schema-");

        var result = await CliProcess.RunInAsync(folder.FullName, "schema", "export", "--output", Path.Combine(folder.FullName, "missing", "schema.graphql"));

        Assert.Equal(2, result.ExitCode);
        AssertOneErrorLine(result, "error: cannot write ");
    }

    private static void AssertOneErrorLine(CliProcess.Result result, string expectedStart)
    {
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith(expectedStart, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    private static string TempSqliteFile() =>
        Path.Combine(Path.GetTempPath(), $"actionitems-cli-{Guid.NewGuid():N}", "actionitems.db");
}
