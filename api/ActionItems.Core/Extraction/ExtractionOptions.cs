using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// What extraction needs to know about the deployment, which Core cannot read itself: the configured
/// Phabricator/Phorge and GitHub targets. <see cref="None"/> (nothing configured) is the default.
/// </summary>
public sealed partial record ExtractionOptions
{
    public static readonly ExtractionOptions None = new();

    /// <summary>
    /// Hosts of configured Phabricator/Phorge targets. A task URL on one of them is a reference even when the
    /// host is not named <c>phabricator.*</c> or <c>phorge.*</c>.
    /// </summary>
    public IReadOnlyCollection<string> PhabricatorHosts { get; init; } = [];

    /// <summary>
    /// Base URL a bare <c>T123</c> resolves against: the configured Phabricator target. Null leaves bare
    /// references unresolved (no URL) unless the document comes from a Wikimedia wiki.
    /// </summary>
    public string? PhabricatorBaseUrl { get; init; }

    /// <summary>
    /// The GitHub repository (<c>owner/name</c>) a bare <c>#12</c> means, given by the caller (<c>--repo</c>). It
    /// overrides the repository read from the document's source URL; with neither, a bare <c>#12</c> stays an
    /// unresolved reference (key <c>#12</c>, no URL) with a warning.
    /// </summary>
    public string? GitHubRepository { get; init; }

    /// <summary>
    /// Web hosts of configured GitHub Enterprise Server targets (<c>ghe.example.com</c> for a target at
    /// <c>https://ghe.example.com/api/v3/</c>). An issue URL on one of them (<c>https://ghe.example.com/owner/repo/issues/12</c>)
    /// is a GitHub issue, as one on github.com is, and a source URL on one of them names its repository.
    /// </summary>
    public IReadOnlyCollection<string> GitHubHosts { get; init; } = [];

    /// <summary>
    /// Web root of the one configured GitHub target (<c>https://github.com</c>, <c>https://ghe.example.com</c>): where
    /// <c>owner/repo#12</c> and a bare <c>#12</c> resolved against a configured repository point. Null means github.com.
    /// </summary>
    public string? GitHubWebUrl { get; init; }

    /// <summary>
    /// The repository of the one configured GitHub target: a bare <c>#12</c> means an issue there when neither the caller
    /// (<see cref="GitHubRepository"/>) nor the document's source URL names a repository.
    /// </summary>
    public string? GitHubDefaultRepository { get; init; }

    /// <summary>Whether <paramref name="value"/> is written as GitHub names a repository: <c>owner/name</c>.</summary>
    public static bool IsGitHubRepositoryName(string value) => RepositoryName.IsMatch(value);

    // GitHub's own limits: an owner is 1–39 letters, digits or inner hyphens; a name up to 100 of [A-Za-z0-9._-].
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex RepositoryName { get; }
}
