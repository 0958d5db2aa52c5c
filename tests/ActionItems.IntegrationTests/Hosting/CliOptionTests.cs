using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>
/// Mistyped options are refused before anything runs; only <c>--Key=value</c> overrides configuration; relative
/// paths mean what the user typed, relative to where they typed it.
/// </summary>
public class CliOptionTests
{
    [Fact]
    public async Task A_mistyped_dry_run_exits_2_with_a_suggestion_and_writes_nothing()
    {
        var sqlite = TempSqliteFile();

        var result = await CliProcess.RunAsync(
            new Dictionary<string, string?> { ["Database__SqlitePath"] = sqlite }, "import", Seeds.Directory, "--dryrun");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option '--dryrun' (did you mean --dry-run?)", OneErrorLine(result));
        Assert.Empty(result.StdOut);
        Assert.False(File.Exists(sqlite), "an import refused as a usage error must not create or touch the database");
    }

    [Fact]
    public async Task An_unknown_option_does_not_swallow_the_configuration_override_after_it()
    {
        // Before: --bogus took `--Database:SqlitePath=…` as its value and the import went to the configured database.
        var configured = TempSqliteFile();
        var overridden = TempSqliteFile();

        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["Database__SqlitePath"] = configured },
            "import", Seeds.Directory, "--bogus", $"--Database:SqlitePath={overridden}");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option '--bogus' (see actionitems import --help)", OneErrorLine(result));
        Assert.False(File.Exists(configured) || File.Exists(overridden), "nothing is written on a usage error");
    }

    [Fact]
    public async Task Serve_refuses_an_unknown_option_instead_of_ignoring_the_urls_after_it()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["Database__SqlitePath"] = TempSqliteFile() },
            "serve", "--bogus", "--urls=http://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option '--bogus' (see actionitems serve --help)", OneErrorLine(result));
    }

    [Fact]
    public async Task A_configuration_key_without_equals_sign_is_refused_with_the_form_to_use()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string?>(), "migrate", "--Database:SqlitePath", TempSqliteFile());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: unknown option '--Database:SqlitePath' (a configuration override is written --Database:SqlitePath=value)",
            OneErrorLine(result));
    }

    [Fact]
    public async Task A_relative_sqlite_path_override_resolves_against_the_working_directory()
    {
        var folder = Directory.CreateTempSubdirectory("actionitems-relative-");

        var result = await CliProcess.RunInAsync(folder.FullName, "migrate", "--Database:SqlitePath=rel.db");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.True(File.Exists(Path.Combine(folder.FullName, "rel.db")), "the --Key=value override is applied, relative to the working directory");
    }

    [Fact]
    public async Task Relative_paths_resolve_against_the_directory_run_sh_was_called_from()
    {
        // run.sh changes to the repository and `dotnet run` starts the program in the project folder; the script
        // passes the caller's directory so `--output out.graphql` lands where the user typed it.
        var projectFolder = Directory.CreateTempSubdirectory("actionitems-project-");
        var caller = Directory.CreateTempSubdirectory("actionitems-caller-");
        var environment = new Dictionary<string, string?> { ["ACTIONITEMS_CALLER_DIRECTORY"] = caller.FullName };

        var schema = await CliProcess.RunInAsync(projectFolder.FullName, environment, "schema", "export", "--output", "out.graphql");
        var migrate = await CliProcess.RunInAsync(projectFolder.FullName, environment, "migrate", "--Database:SqlitePath=rel.db");

        Assert.True((schema.ExitCode, migrate.ExitCode) == (0, 0), schema.StdErr + migrate.StdErr);
        Assert.True(File.Exists(Path.Combine(caller.FullName, "out.graphql")), "schema written in the caller's directory");
        Assert.True(File.Exists(Path.Combine(caller.FullName, "rel.db")), "database created in the caller's directory");
        Assert.Empty(projectFolder.EnumerateFileSystemInfos());
        Assert.Equal($"wrote {Path.Combine(caller.FullName, "out.graphql")}", OneErrorLine(schema));
    }

    [Fact]
    public async Task Run_sh_starts_the_built_program_and_rebuilds_only_when_sources_are_newer_than_its_last_build()
    {
        // Before: every ./run.sh went through `dotnet run` (a build check, ~8 s even for `version`) and the first one
        // was silent for the ~2 minutes of restore and build.
        var repository = RepositoryRoot();
        var stamp = Path.Combine(repository, "api", "ActionItems.Api", "obj", "Release", "run.sh.stamp");
        var caller = Directory.CreateTempSubdirectory("actionitems-runsh-").FullName;
        await RunShAsync(repository, caller); // builds when this checkout has not been built by run.sh yet
        File.SetLastWriteTimeUtc(stamp, DateTime.UnixEpoch);

        var afterSourceChange = await RunShAsync(repository, caller);
        // The web build generates web/src/gql from docs/schema.graphql during the build, after run.sh took its stamp:
        // an output, which must not make the next start rebuild.
        var generated = Path.Combine(repository, "web", "src", "gql", "index.ts");
        if (File.Exists(generated))
        {
            File.SetLastWriteTimeUtc(generated, DateTime.UtcNow);
        }
        var upToDate = await RunShAsync(repository, caller);

        Assert.Contains("run.sh: sources changed since the last build; rebuilding", afterSourceChange.StdErr);
        Assert.StartsWith("actionitems ", afterSourceChange.StdOut);
        Assert.True(upToDate.StdErr.Length == 0, "an up-to-date build runs the program directly: " + upToDate.StdErr);
        Assert.StartsWith("actionitems ", upToDate.StdOut);
    }

    private static async Task<CliProcess.Result> RunShAsync(string repository, string caller)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = caller,
        };
        start.ArgumentList.Add(Path.Combine(repository, "run.sh"));
        start.ArgumentList.Add("version");
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var result = new CliProcess.Result(process.ExitCode, await stdout, await stderr);
        Assert.True(result.ExitCode == 0, result.StdErr);
        return result;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ActionItems.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no ActionItems.sln above " + AppContext.BaseDirectory);
    }

    private static string OneErrorLine(CliProcess.Result result) =>
        Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    private static string TempSqliteFile() =>
        Path.Combine(Path.GetTempPath(), $"actionitems-options-{Guid.NewGuid():N}", "actionitems.db");
}
