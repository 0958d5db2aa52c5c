using System.Text.Json;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Import;

/// <summary><c>extract</c> and <c>import</c> as an author runs them: the real binary, real files, a real HTTP wiki.</summary>
public class ImportCliTests
{
    private const string CalicoTitle = "Incidents/2024-10-09 calico-codfw";

    [Fact]
    public async Task Extract_json_on_every_seed_prints_the_expected_items_and_metadata()
    {
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Seeds.Directory, "expected.json")));
        foreach (var seed in expected.RootElement.EnumerateArray())
        {
            var file = seed.GetProperty("file").GetString()!;
            var result = await CliProcess.RunAsync(new Dictionary<string, string?>(), "extract", Path.Combine(Seeds.Directory, file), "--json");

            Assert.Equal(0, result.ExitCode);
            using var actual = JsonDocument.Parse(result.StdOut); // exactly one JSON object on stdout
            var root = actual.RootElement;
            Assert.Equal(seed.GetProperty("format").GetString(), root.GetProperty("format").GetString());
            Assert.Equal(
                seed.GetProperty("actionables").EnumerateArray().Select(a => a.GetProperty("title").GetString()),
                root.GetProperty("actionables").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
            foreach (var key in (string[])["title", "date", "start", "end", "taskRef"])
            {
                Assert.Equal(seed.GetProperty("incident").GetProperty(key).GetString(),
                    root.GetProperty("incident").GetProperty(key).GetString());
            }
        }
    }

    [Fact]
    public async Task Extract_reads_task_references_against_the_configured_phabricator_like_import()
    {
        var file = Path.Combine(Path.GetTempPath(), $"actionitems-extract-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, """
            # Incident: cache stampede

            ## Action items
            - Add request coalescing (T12345)
            - Alert on hit ratio, see https://tracker.example.org/T678
            """);
        string[] configured = ["--Sync:Targets:0:Kind=Phabricator", "--Sync:Targets:0:Name=tracker", "--Sync:Targets:0:BaseUrl=https://tracker.example.org", "--Sync:Targets:0:Token=api-extractdoesnotcallthetracker0"];

        var plain = await CliProcess.RunAsync(new Dictionary<string, string?>(), "extract", file, "--json");
        var withTarget = await CliProcess.RunAsync(new Dictionary<string, string?>(), ["extract", file, "--json", .. configured]);

        Assert.True((plain.ExitCode, withTarget.ExitCode) == (0, 0), plain.StdErr + withTarget.StdErr);
        Assert.Equal([null, null], TaskUrls(plain.StdOut));
        Assert.Equal(["https://tracker.example.org/T12345", "https://tracker.example.org/T678"], TaskUrls(withTarget.StdOut));
    }

    [Fact]
    public async Task Extract_with_a_bad_sync_configuration_exits_3_with_one_line()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string?>(),
            ["extract", Path.Combine(Seeds.Directory, "expected.json"), "--Sync:Targets:0:Kind=Phabricator", "--Sync:Targets:0:Name=x", "--Sync:Targets:0:PushPolicy=Everything"]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_resolves_a_bare_issue_number_against_repo_and_refuses_a_repo_not_written_owner_slash_name()
    {
        var file = Path.Combine(Path.GetTempPath(), $"actionitems-extract-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, """
            # Incident: dask hub evictions

            ## Follow-up improvements
            - #2127
            """);

        var plain = await CliProcess.RunAsync(new Dictionary<string, string?>(), "extract", file, "--json");
        var withRepo = await CliProcess.RunAsync(new Dictionary<string, string?>(), "extract", file, "--json", "--repo", "2i2c-org/infrastructure");
        var badRepo = await CliProcess.RunAsync(new Dictionary<string, string?>(), "extract", file, "--repo", "2i2c-org");

        Assert.True((plain.ExitCode, withRepo.ExitCode) == (0, 0), plain.StdErr + withRepo.StdErr);
        Assert.Equal([null], TaskUrls(plain.StdOut)); // a local file says nothing about its repository
        Assert.Contains("#2127 is not resolved to a GitHub repository", plain.StdOut, StringComparison.Ordinal);
        Assert.Equal(["https://github.com/2i2c-org/infrastructure/issues/2127"], TaskUrls(withRepo.StdOut));
        Assert.Equal(2, badRepo.ExitCode);
        Assert.Contains("--repo: '2i2c-org' is not a GitHub repository", badRepo.StdErr, StringComparison.Ordinal);
        Assert.Empty(badRepo.StdOut);
    }

    [Fact]
    public async Task Import_with_repo_links_a_bare_issue_number_to_that_repository_and_a_bad_repo_imports_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__ActionItems"] = database.Options.ConnectionString };
        var file = Path.Combine(Path.GetTempPath(), $"actionitems-import-{Guid.NewGuid():N}.md");
        await File.WriteAllTextAsync(file, """
            # Incidents/2023-02-01 dask-evictions

            ## Follow-up improvements
            - #2127
            """);

        var badRepo = await CliProcess.RunAsync(environment, "import", file, "--repo", "2i2c-org/infra/structure");
        var withRepo = await CliProcess.RunAsync(environment, "import", file, "--repo", "2i2c-org/infrastructure");

        Assert.Equal(2, badRepo.ExitCode);
        Assert.Contains("--repo: '2i2c-org/infra/structure' is not a GitHub repository", badRepo.StdErr, StringComparison.Ordinal);
        Assert.True(withRepo.ExitCode == 0, withRepo.StdErr);
        Assert.Contains("1 added, 0 updated, 0 unchanged, 0 vanished, 1 link(s)", withRepo.StdOut, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var link = await db.TrackerLinks.SingleAsync();
        Assert.Equal(("2i2c-org/infrastructure#2127", "https://github.com/2i2c-org/infrastructure/issues/2127"), (link.RemoteId, link.RemoteUrl));
        Assert.Equal(1, await db.Incidents.CountAsync()); // the refused run stored nothing
    }

    private static List<string?> TaskUrls(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("actionables").EnumerateArray()
            .Select(a => a.GetProperty("refs").EnumerateArray().Where(r => r.GetProperty("isTask").GetBoolean())
                .Select(r => r.GetProperty("url").GetString()).SingleOrDefault())];
    }

    [Fact]
    public async Task Extract_of_a_binary_file_exits_2_with_one_line()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]);

        var result = await CliProcess.RunAsync(new Dictionary<string, string?>(), "extract", file);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {Path.GetFileName(file)}: ", Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Empty(result.StdOut);
    }

    [Fact]
    public async Task Import_of_a_directory_reports_each_document_and_a_total_and_dry_run_writes_nothing()
    {
        var sqlite = Path.Combine(Path.GetTempPath(), $"actionitems-import-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string?> { ["Database__SqlitePath"] = sqlite };

        var dryRun = await CliProcess.RunAsync(environment, "import", Seeds.Directory, "--dry-run");
        var real = await CliProcess.RunAsync(environment, "import", Seeds.Directory);
        var again = await CliProcess.RunAsync(environment, "import", Seeds.Directory);

        // The runs' stderr is in the message: an unexpected exit names its exception there.
        Assert.True((dryRun.ExitCode, real.ExitCode, again.ExitCode) == (0, 0, 0),
            $"exit codes {dryRun.ExitCode}, {real.ExitCode}, {again.ExitCode}; stderr: {dryRun.StdErr} | {real.StdErr} | {again.StdErr}");
        Assert.Contains("total: 5 of 5 document(s) imported: 11 added, 0 updated, 0 unchanged, 0 vanished, 0 link(s) — dry run, nothing written", dryRun.StdOut, StringComparison.Ordinal);
        Assert.Contains("total: 5 of 5 document(s) imported: 11 added,", real.StdOut, StringComparison.Ordinal);
        Assert.Contains("total: 5 of 5 document(s) imported: 0 added, 0 updated, 11 unchanged, 0 vanished", again.StdOut, StringComparison.Ordinal);
        Assert.Contains("003_3f6ea41b0428c161.txt: new incident '2024-10-09 calico-codfw'", real.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_wiki_page_url_fetches_its_wikitext_and_keeps_the_revision()
    {
        await using var wiki = await FakeMediaWiki.StartAsync();
        var wikitext = await File.ReadAllTextAsync(Path.Combine(Seeds.Directory, "000_13ab8f83be1be2d7.txt"));
        wiki.SetPage("Incidents/2019-03-12 maps", wikitext, 1776, new DateTimeOffset(2019, 3, 20, 8, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__ActionItems"] = database.Options.ConnectionString };

        var result = await CliProcess.RunAsync(environment, "import", new Uri(wiki.Origin, "/wiki/Incidents/2019-03-12_maps").ToString());

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("new incident '2019-03-12 maps' (wikitext): 5 added", result.StdOut, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal(("rev 1776 (2019-03-20T08:00:00Z)", new DateOnly(2019, 3, 12)), (incident.DocumentVersion, incident.IncidentDate));
        Assert.Equal(new Uri(wiki.Origin, "/wiki/Incidents/2019-03-12_maps").ToString(), incident.Source);
    }

    [Fact]
    public async Task Import_of_wiki_title_uses_the_configured_api_and_a_new_revision_updates_the_incident()
    {
        await using var wiki = await FakeMediaWiki.StartAsync();
        var version1 = "==Actionables==\n* Add a canary for the calico upgrade\n* Page on BGP session loss\n";
        wiki.SetPage(CalicoTitle, version1, 10, DateTimeOffset.UnixEpoch);
        var sqlite = Path.Combine(Path.GetTempPath(), $"actionitems-wiki-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string?>
        {
            ["Database__SqlitePath"] = sqlite,
            ["MediaWiki__ApiUrl"] = new Uri(wiki.Origin, "/w/api.php").ToString(),
        };

        var first = await CliProcess.RunAsync(environment, "import", "wiki:" + CalicoTitle);
        wiki.SetPage(CalicoTitle, version1 + "* Document the calico restart runbook\n", 11, DateTimeOffset.UnixEpoch.AddDays(1));
        var second = await CliProcess.RunAsync(environment, "import", "wiki:" + CalicoTitle);

        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("new incident '2024-10-09 calico-codfw' (wikitext): 2 added", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("updated incident '2024-10-09 calico-codfw' (wikitext): 1 added, 0 updated, 2 unchanged", second.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_missing_wiki_page_exits_2_with_one_line()
    {
        await using var wiki = await FakeMediaWiki.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["Database__SqlitePath"] = Path.Combine(Path.GetTempPath(), $"actionitems-wiki-{Guid.NewGuid():N}.db"),
        };

        var result = await CliProcess.RunAsync(environment, "import", new Uri(wiki.Origin, "/wiki/Incidents/Nope").ToString());

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("the page 'Incidents/Nope' does not exist on 127.0.0.1", line, StringComparison.Ordinal);
    }
}
