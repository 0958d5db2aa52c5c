using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// What extraction needs to know about the deployment, which Core cannot read itself: the configured
/// Phabricator/Phorge targets. <see cref="None"/> (nothing configured) is the default.
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

    /// <summary>Whether <paramref name="value"/> is written as GitHub names a repository: <c>owner/name</c>.</summary>
    public static bool IsGitHubRepositoryName(string value) => RepositoryName.IsMatch(value);

    // GitHub's own limits: an owner is 1–39 letters, digits or inner hyphens; a name up to 100 of [A-Za-z0-9._-].
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryName { get; }
}
