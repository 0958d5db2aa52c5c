using ActionItems.Core.Extraction;

namespace ActionItems.UnitTests.Extraction;

/// <summary>
/// Issue 18, class 5: a bare <c>#12</c> is a GitHub issue of the document's repository — the one the caller names
/// (<c>--repo</c>), else the one its source URL lives in — and stays an unresolved reference with a warning when
/// nothing says which repository it is.
/// </summary>
public class BareIssueReferenceTests
{
    private const string Document = "# Dask hub evictions\n\n## Follow-up improvements\n\n- #2127\n- Pin the scheduler image (#2213)\n";

    private static ExtractionResult Extract(string text, string? sourceUrl, ExtractionOptions? options = null) =>
        PostmortemExtractor.Extract(text, null, sourceUrl, options);

    private static List<(string Kind, string Key, string? Url)> Refs(ExtractionResult result) =>
        [.. result.Actionables.SelectMany(a => a.References).Select(r => (r.Kind.ToString(), r.Key, r.Url))];

    [Theory]
    [InlineData("https://github.com/2i2c-org/infrastructure/blob/0123abc/reports/2023-02-01.md")]
    [InlineData("https://raw.githubusercontent.com/2i2c-org/infrastructure/main/reports/2023-02-01.md")]
    [InlineData("https://2i2c-org.github.io/infrastructure/reports/2023-02-01.html")]
    [InlineData("https://GitHub.com./2i2c-org/infrastructure/blob/main/reports/2023-02-01.md")] // a fully qualified host
    public void A_bare_number_resolves_against_the_repository_of_the_source_url(string sourceUrl)
    {
        var result = Extract(Document, sourceUrl);

        Assert.Equal(
            [
                ("GitHubIssue", "2i2c-org/infrastructure#2127", "https://github.com/2i2c-org/infrastructure/issues/2127"),
                ("GitHubIssue", "2i2c-org/infrastructure#2213", "https://github.com/2i2c-org/infrastructure/issues/2213"),
            ],
            Refs(result));
        Assert.Equal("#2127", result.Actionables[0].Title); // the title is the reference until a sync fills it
        Assert.DoesNotContain(result.Warnings, w => w.Contains("not resolved", StringComparison.Ordinal));
    }

    [Fact]
    public void The_repository_the_caller_names_wins_over_the_source_url()
    {
        var result = Extract(Document, "https://github.com/2i2c-org/incident-reports/blob/main/r.md",
            new ExtractionOptions { GitHubRepository = "2i2c-org/infrastructure" });

        Assert.Equal(["2i2c-org/infrastructure#2127", "2i2c-org/infrastructure#2213"], Refs(result).Select(r => r.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://example.org/postmortems/dask.md")]
    [InlineData("https://github.com/2i2c-org")] // an owner, not a repository
    public void Without_a_repository_a_bare_number_stays_unresolved_and_is_warned_about(string? sourceUrl)
    {
        var result = Extract(Document, sourceUrl);

        Assert.Equal([("GitHubIssue", "#2127", null), ("GitHubIssue", "#2213", null)], Refs(result));
        Assert.Contains("item 1: #2127 is not resolved to a GitHub repository (the source is not on GitHub; pass --repo owner/name)",
            result.Warnings);
        Assert.Contains(result.Warnings, w => w.StartsWith("item 2: #2213 is not resolved", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("- Port the fix from C#12 to the new client\n")] // glued to a word
    [InlineData("- Read https://example.org/runbook#12 before a restart\n")] // a URL's anchor
    [InlineData("- Fix the cache (see dask/distributed#12)\n")] // already owner/repo#12
    [InlineData("- Raise the limit to #12x in the config\n")] // not a number
    public void Hashes_that_are_not_a_bare_issue_number_are_not_taken(string item)
    {
        var result = Extract("# Dask hub evictions\n\n## Action items\n\n" + item, "https://github.com/2i2c-org/infrastructure/blob/main/r.md");

        Assert.DoesNotContain(Refs(result), r => r.Key.EndsWith("infrastructure#12", StringComparison.Ordinal));
    }

    [Fact]
    public void A_links_text_naming_its_own_issue_is_one_reference()
    {
        var result = Extract("# Budget\n\n## Action items\n\n- Document how to build manually ([#294](https://github.com/usdigitalresponse/univaf/issues/294)).\n",
            null);

        Assert.Equal([("GitHubIssue", "usdigitalresponse/univaf#294", "https://github.com/usdigitalresponse/univaf/issues/294")], Refs(result));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("not resolved", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://github.com/Org-1/repo.name/tree/main/docs", "Org-1/repo.name")]
    [InlineData("https://github.com/org/repo.git", "org/repo")]
    [InlineData("https://org.github.io/", "org/org.github.io")]
    [InlineData("https://org.github.io/2024/01/02/outage.html", "org/org.github.io")] // a user site's dated post
    [InlineData("https://github.com./sre/queue/blob/main/pm.md", "sre/queue")] // the fully qualified host, as Uri.Host keeps it
    [InlineData("https://org.github.io./2024/01/02/outage.html", "org/org.github.io")]
    [InlineData("https://gitlab.com/org/repo/-/blob/main/pm.md", null)]
    [InlineData("file:///tmp/pm.md", null)]
    public void The_repository_of_a_source_url(string sourceUrl, string? repository) =>
        Assert.Equal(repository, ReferenceRules.For(null, sourceUrl).GitHubRepository);

    [Theory]
    [InlineData("octo-org/hello.world", true)]
    [InlineData("o/r", true)]
    [InlineData("octo-org", false)]
    [InlineData("octo-org/hello/world", false)]
    [InlineData("-octo/repo", false)]
    [InlineData("https://github.com/octo/repo", false)]
    public void A_repository_name_is_owner_slash_name(string value, bool valid) =>
        Assert.Equal(valid, ExtractionOptions.IsGitHubRepositoryName(value));
}
