using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Import;

/// <summary>
/// Issue 16, item 7: GitHub references in an imported postmortem become links to the configured GitHub target that
/// serves them, as Phabricator references do — an Enterprise Server's issue URLs and (as the one GitHub target)
/// <c>owner/repo#12</c> and a bare <c>#12</c> against its repository; a github.com issue never to the Enterprise target.
/// </summary>
public class GitHubReferenceImportTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 6, 9, 0, 0, TimeSpan.Zero));

    private const string Document = """
        # Incidents/2026-01-05 queue-backlog

        ## Actionables
        - Alert on queue depth https://ghe.example.com/sre/queue/issues/12
        - Add a runbook for the consumer restart (#34)
        - Pin the client library, see sre/queue#56
        - Upgrade the driver https://github.com/octo/driver/issues/78
        """;

    private static SyncTargetOptions GitHubTarget(string name, string baseUrl, string repository) =>
        new() { Kind = TrackerKind.GitHub, Name = name, BaseUrl = baseUrl, Token = "ghp_test", Repository = repository };

    /// <summary>Imports <see cref="Document"/> from a local file with these targets configured and started as serve does.</summary>
    private static async Task<List<(string Target, string RemoteId, string? Url, int Ordinal)>> ImportAsync(TestDatabase database,
        params SyncTargetOptions[] targets)
    {
        var registry = new SyncTargetRegistry(targets);
        await using (var setup = database.CreateContext())
        {
            await SyncStartup.UpsertTargetsAsync(setup, registry, Clock, CancellationToken.None);
        }
        await using (var db = database.CreateContext())
        {
            await new PostmortemImporter(db, Clock, registry).ImportAsync(
                new ImportRequest(Document, null, "queue-backlog.md"), "test", dryRun: false, CancellationToken.None);
        }
        await using var read = database.CreateContext();
        var links = await read.TrackerLinks.Include(l => l.SyncTarget).Include(l => l.ActionItem).OrderBy(l => l.ActionItem!.Ordinal).ToListAsync();
        return [.. links.Select(l => (l.SyncTarget!.Name, l.RemoteId!, l.RemoteUrl, l.ActionItem!.Ordinal))];
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_one_enterprise_target_its_urls_owner_repo_and_bare_numbers_link_to_it_and_a_github_com_issue_does_not(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var links = await ImportAsync(database, GitHubTarget("ghe", "https://ghe.example.com/api/v3/", "sre/followups"));

        Assert.Equal(
            [
                ("ghe", "sre/queue#12", "https://ghe.example.com/sre/queue/issues/12", 1),
                ("ghe", "sre/followups#34", "https://ghe.example.com/sre/followups/issues/34", 2),
                ("ghe", "sre/queue#56", "https://ghe.example.com/sre/queue/issues/56", 3),
                // Not the Enterprise target's: a target for github.com that a configuration may adopt later.
                ("github.com", "octo/driver#78", "https://github.com/octo/driver/issues/78", 4),
            ],
            links);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_a_github_com_and_an_enterprise_target_each_issue_links_to_the_target_of_its_host(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var links = await ImportAsync(database,
            GitHubTarget("ghe", "https://ghe.example.com/api/v3/", "sre/followups"),
            GitHubTarget("github", "https://api.github.com/", "octo/followups"));

        // Two GitHub targets: owner/repo#12 means github.com, and a bare #34 has no one repository (not linked, warned).
        Assert.Equal(
            [
                ("ghe", "sre/queue#12", "https://ghe.example.com/sre/queue/issues/12", 1),
                ("github", "sre/queue#56", "https://github.com/sre/queue/issues/56", 3),
                ("github", "octo/driver#78", "https://github.com/octo/driver/issues/78", 4),
            ],
            links);
    }
}
