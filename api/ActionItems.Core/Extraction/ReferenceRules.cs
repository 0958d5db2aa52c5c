namespace ActionItems.Core.Extraction;

/// <summary>
/// How task references are read in one document: which hosts serve Phabricator/Phorge task URLs, which
/// tracker a bare <c>T123</c> means and which GitHub repository a bare <c>#12</c> means.
/// </summary>
internal sealed class ReferenceRules
{
    public const string WikimediaPhabricator = "https://phabricator.wikimedia.org";

    /// <summary>No configured tracker: only <c>phabricator.*</c>/<c>phorge.*</c> URLs, bare references unresolved.</summary>
    public static readonly ReferenceRules None = new([], null);

    private readonly HashSet<string> _hosts;

    public ReferenceRules(IEnumerable<string> phabricatorHosts, string? bareTaskBaseUrl, string? gitHubRepository = null)
    {
        _hosts = new HashSet<string>(phabricatorHosts.Select(h => h.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
        BareTaskBaseUrl = bareTaskBaseUrl?.Trim().TrimEnd('/');
        GitHubRepository = gitHubRepository;
    }

    /// <summary>Where a bare reference points, or null when nothing says which tracker it belongs to.</summary>
    public string? BareTaskBaseUrl { get; }

    /// <summary>The repository (<c>owner/name</c>) a bare <c>#12</c> belongs to, or null when nothing says.</summary>
    public string? GitHubRepository { get; }

    /// <summary>
    /// The rules for a document: a page of a Wikimedia wiki (its source URL says so) means Wikimedia's
    /// Phabricator, as its <c>phab:</c> links do; any other document means the configured target, if any. A bare
    /// <c>#12</c> means the repository the caller names, else the one the document lives in (<see cref="RepositoryOf"/>).
    /// </summary>
    public static ReferenceRules For(ExtractionOptions? options, string? sourceUrl)
    {
        options ??= ExtractionOptions.None;
        var bare = IsWikimediaWiki(sourceUrl) ? WikimediaPhabricator : options.PhabricatorBaseUrl;
        var repository = options.GitHubRepository ?? RepositoryOf(sourceUrl);
        return options.PhabricatorHosts.Count == 0 && bare is null && repository is null
            ? None
            : new ReferenceRules(options.PhabricatorHosts, bare, repository);
    }

    /// <summary>
    /// The GitHub repository a document's source URL lives in: <c>github.com/owner/name/…</c>,
    /// <c>raw.githubusercontent.com/owner/name/…</c>, or a GitHub Pages project site <c>owner.github.io/name/…</c>
    /// (the site root, or a path starting with a number such as a dated post, is the user site's repository
    /// <c>owner/owner.github.io</c>). Null for anything else. A caller who knows better passes the repository.
    /// </summary>
    public static string? RepositoryOf(string? sourceUrl)
    {
        if (!Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var host = uri.Host.ToLowerInvariant();
        string? repository = null;
        if (host is "github.com" or "www.github.com" or "raw.githubusercontent.com" && segments.Length >= 2)
        {
            repository = segments[0] + "/" + (segments[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segments[1][..^4] : segments[1]);
        }
        else if (host.EndsWith(".github.io", StringComparison.Ordinal) && host.Count(c => c == '.') == 2)
        {
            // A first path segment is a project site's repository, unless it is a number: a user site's dated post
            // (owner.github.io/2024/…) belongs to the site's own repository.
            var owner = host[..^".github.io".Length];
            repository = owner + "/" + (segments.Length >= 1 && !segments[0].All(char.IsAsciiDigit) ? segments[0] : host);
        }

        return repository is not null && ExtractionOptions.IsGitHubRepositoryName(repository) ? repository : null;
    }

    public bool IsPhabricatorHost(string host) =>
        host.StartsWith("phabricator.", StringComparison.OrdinalIgnoreCase) ||
        host.StartsWith("phorge.", StringComparison.OrdinalIgnoreCase) ||
        _hosts.Contains(host);

    public string? BareTaskUrl(string key) => BareTaskBaseUrl is null ? null : BareTaskBaseUrl + "/" + key;

    /// <summary>A bare <c>#12</c>: <c>owner/name#12</c> with its issue URL in the document's repository, else <c>#12</c> unresolved.</summary>
    public TaskReference BareIssue(string number, string written) => GitHubRepository is null
        ? new TaskReference(TaskReferenceKind.GitHubIssue, "#" + number, written, null)
        : new TaskReference(TaskReferenceKind.GitHubIssue, GitHubRepository + "#" + number, written,
            $"https://github.com/{GitHubRepository}/issues/{number}");

    private static bool IsWikimediaWiki(string? sourceUrl) =>
        Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        (uri.Host.EndsWith(".wikimedia.org", StringComparison.OrdinalIgnoreCase) ||
         uri.Host.EndsWith(".wikipedia.org", StringComparison.OrdinalIgnoreCase));
}
