namespace ActionItems.Core.Extraction;

/// <summary>
/// What extraction needs to know about the deployment, which Core cannot read itself: the configured
/// Phabricator/Phorge targets. <see cref="None"/> (nothing configured) is the default.
/// </summary>
public sealed record ExtractionOptions
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
}
