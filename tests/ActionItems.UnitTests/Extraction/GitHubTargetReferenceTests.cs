using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// Issue 16, item 7: GitHub references read against the configured GitHub targets, as Phabricator references are read
/// against the Phabricator ones — issue URLs on a configured GitHub Enterprise host, <c>owner/repo#12</c> on the one
/// configured target's host, and a bare <c>#12</c> against the target's repository when the document names none.
/// </summary>
public class GitHubTargetReferenceTests
{
    private static readonly ExtractionOptions Enterprise = new()
    {
        GitHubHosts = ["ghe.example.com"],
        GitHubWebUrl = "https://ghe.example.com",
        GitHubDefaultRepository = "sre/followups",
    };

    private static List<(string Kind, string Key, string? Url)> Refs(string item, string? sourceUrl, ExtractionOptions? options) =>
        [.. PostmortemExtractor.Extract("# Queue backlog\n\n## Action items\n\n- " + item + "\n", null, sourceUrl, options)
            .Actionables.SelectMany(a => a.References).Select(r => (r.Kind.ToString(), r.Key, r.Url))];

    [Fact]
    public void An_issue_url_on_a_configured_enterprise_host_is_an_issue_and_on_another_host_is_not()
    {
        const string item = "Alert on queue depth https://ghe.example.com/sre/queue/issues/12 (like https://git.example.org/sre/queue/issues/13)";

        Assert.Equal([("GitHubIssue", "sre/queue#12", "https://ghe.example.com/sre/queue/issues/12")], Refs(item, null, Enterprise));
        Assert.Empty(Refs(item, null, null));
    }

    [Theory]
    [InlineData("https://github.com/sre/queue/issues/12")]
    [InlineData("https://www.github.com/sre/queue/issues/12")]
    [InlineData("HTTPS://GitHub.com/sre/queue/issues/12")]
    public void An_issue_url_on_github_com_is_an_issue_with_or_without_enterprise_hosts(string url)
    {
        Assert.Equal([("GitHubIssue", "sre/queue#12", url)], Refs("Alert on queue depth " + url, null, null));
        Assert.Equal([("GitHubIssue", "sre/queue#12", url)], Refs("Alert on queue depth " + url, null, Enterprise));
    }

    [Fact]
    public void A_configured_host_is_matched_as_cleaned_for_a_source_url_as_for_an_issue_url()
    {
        // A host configured with spacing, a trailing dot and capitals matches an issue URL and the document's source URL alike.
        var written = Enterprise with { GitHubHosts = [" GHE.example.com. "], GitHubDefaultRepository = null };

        Assert.Equal([("GitHubIssue", "sre/queue#7", "https://ghe.example.com/sre/queue/issues/7")],
            Refs("See https://ghe.example.com/sre/queue/issues/7", null, written));
        Assert.Equal([("GitHubIssue", "sre/queue#12", "https://ghe.example.com/sre/queue/issues/12")],
            Refs("Add paging (#12)", "https://ghe.example.com/sre/queue/blob/main/postmortems/2026-01.md", written));
    }

    [Fact]
    public void A_pull_request_url_on_the_enterprise_host_is_a_pull_request_not_an_issue()
    {
        Assert.Equal([("GitHubPullRequest", "sre/queue#7", "https://ghe.example.com/sre/queue/pull/7")],
            Refs("Revert https://ghe.example.com/sre/queue/pull/7", null, Enterprise));
    }

    [Fact]
    public void Owner_repo_number_points_at_the_one_configured_targets_host_else_github_com()
    {
        Assert.Equal([("GitHubIssue", "sre/queue#12", "https://ghe.example.com/sre/queue/issues/12")], Refs("Fix it (sre/queue#12)", null, Enterprise));
        Assert.Equal([("GitHubIssue", "sre/queue#12", "https://github.com/sre/queue/issues/12")], Refs("Fix it (sre/queue#12)", null, null));
    }

    [Fact]
    public void A_bare_number_means_the_targets_repository_when_the_document_names_none()
    {
        Assert.Equal([("GitHubIssue", "sre/followups#12", "https://ghe.example.com/sre/followups/issues/12")],
            Refs("Add paging (#12)", "queue-backlog.md", Enterprise));
        // The caller's repository and the source's own repository still come first.
        Assert.Equal("other/repo#12", Assert.Single(Refs("Add paging (#12)", "queue-backlog.md", Enterprise with { GitHubRepository = "other/repo" })).Key);
        Assert.Equal([("GitHubIssue", "octo/site#12", "https://github.com/octo/site/issues/12")],
            Refs("Add paging (#12)", "https://github.com/octo/site/blob/main/pm.md", Enterprise));
    }

    [Fact]
    public void A_bare_number_in_a_document_on_the_enterprise_host_means_that_repository_there()
    {
        Assert.Equal([("GitHubIssue", "sre/queue#12", "https://ghe.example.com/sre/queue/issues/12")],
            Refs("Add paging (#12)", "https://ghe.example.com/sre/queue/blob/main/postmortems/2026-01.md", Enterprise with { GitHubDefaultRepository = null }));
    }
}
