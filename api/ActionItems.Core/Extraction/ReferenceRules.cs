namespace ActionItems.Core.Extraction;

/// <summary>
/// How task references are read in one document: which hosts serve Phabricator/Phorge task URLs and which
/// tracker a bare <c>T123</c> means.
/// </summary>
internal sealed class ReferenceRules
{
    public const string WikimediaPhabricator = "https://phabricator.wikimedia.org";

    /// <summary>No configured tracker: only <c>phabricator.*</c>/<c>phorge.*</c> URLs, bare references unresolved.</summary>
    public static readonly ReferenceRules None = new([], null);

    private readonly HashSet<string> _hosts;

    public ReferenceRules(IEnumerable<string> phabricatorHosts, string? bareTaskBaseUrl)
    {
        _hosts = new HashSet<string>(phabricatorHosts.Select(h => h.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
        BareTaskBaseUrl = bareTaskBaseUrl?.Trim().TrimEnd('/');
    }

    /// <summary>Where a bare reference points, or null when nothing says which tracker it belongs to.</summary>
    public string? BareTaskBaseUrl { get; }

    /// <summary>
    /// The rules for a document: a page of a Wikimedia wiki (its source URL says so) means Wikimedia's
    /// Phabricator, as its <c>phab:</c> links do; any other document means the configured target, if any.
    /// </summary>
    public static ReferenceRules For(ExtractionOptions? options, string? sourceUrl)
    {
        options ??= ExtractionOptions.None;
        var bare = IsWikimediaWiki(sourceUrl) ? WikimediaPhabricator : options.PhabricatorBaseUrl;
        return options.PhabricatorHosts.Count == 0 && bare is null ? None : new ReferenceRules(options.PhabricatorHosts, bare);
    }

    public bool IsPhabricatorHost(string host) =>
        host.StartsWith("phabricator.", StringComparison.OrdinalIgnoreCase) ||
        host.StartsWith("phorge.", StringComparison.OrdinalIgnoreCase) ||
        _hosts.Contains(host);

    public string? BareTaskUrl(string key) => BareTaskBaseUrl is null ? null : BareTaskBaseUrl + "/" + key;

    private static bool IsWikimediaWiki(string? sourceUrl) =>
        Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        (uri.Host.EndsWith(".wikimedia.org", StringComparison.OrdinalIgnoreCase) ||
         uri.Host.EndsWith(".wikipedia.org", StringComparison.OrdinalIgnoreCase));
}
