namespace ActionItems.Core.Extraction;

/// <summary>
/// How task references are read in one document: which hosts serve Phabricator/Phorge task URLs and GitHub Enterprise
/// issue URLs, which tracker a bare <c>T123</c> means and which GitHub repository (on which host) a bare <c>#12</c> means.
/// </summary>
internal sealed class ReferenceRules
{
    public const string WikimediaPhabricator = "https://phabricator.wikimedia.org";
    public const string GitHubDotCom = "https://github.com";

    private readonly HashSet<string> _hosts;
    private readonly HashSet<string> _gitHubHosts;

    /// <param name="phabricatorHosts">Hosts of configured Phabricator/Phorge targets, whose task URLs are tasks.</param>
    /// <param name="bareTaskBaseUrl">Where a bare <c>T123</c> points (null: unresolved).</param>
    /// <param name="gitHubRepository">The repository a bare <c>#12</c> means (null: unresolved).</param>
    /// <param name="gitHubWebUrl">Where <c>owner/repo#12</c> points (null: github.com).</param>
    /// <param name="gitHubRepositoryWebUrl">Where <paramref name="gitHubRepository"/> lives (null: github.com).</param>
    /// <param name="gitHubHosts">Hosts of configured GitHub Enterprise Servers, whose issue URLs are issues, cleaned by
    /// <see cref="CleanHosts"/> (<see cref="For"/> has the set already, for <see cref="SourceRepository"/>).</param>
    private ReferenceRules(IEnumerable<string> phabricatorHosts, string? bareTaskBaseUrl, string? gitHubRepository,
        string? gitHubWebUrl, string? gitHubRepositoryWebUrl, HashSet<string> gitHubHosts)
    {
        _hosts = CleanHosts(phabricatorHosts);
        BareTaskBaseUrl = bareTaskBaseUrl?.Trim().TrimEnd('/');
        GitHubRepository = gitHubRepository;
        GitHubWebUrl = gitHubWebUrl?.Trim().TrimEnd('/') ?? GitHubDotCom;
        GitHubRepositoryWebUrl = gitHubRepositoryWebUrl?.Trim().TrimEnd('/') ?? GitHubDotCom;
        _gitHubHosts = gitHubHosts;
    }

    /// <summary>The web root <c>owner/repo#12</c> points at: the one configured GitHub target's, else github.com.</summary>
    public string GitHubWebUrl { get; }

    /// <summary>The web root of <see cref="GitHubRepository"/>: its source URL's host, else <see cref="GitHubWebUrl"/>'s.</summary>
    public string GitHubRepositoryWebUrl { get; }

    /// <summary>
    /// Whether issue URLs on <paramref name="host"/> (as the URL writes it, a trailing dot too) are GitHub issues:
    /// github.com's, or a configured Enterprise Server's.
    /// </summary>
    public bool IsGitHubHost(string host)
    {
        var name = WithoutTrailingDot(host);
        return IsGitHubDotCom(name) || _gitHubHosts.Contains(name);
    }

    /// <summary>Where a bare reference points, or null when nothing says which tracker it belongs to.</summary>
    public string? BareTaskBaseUrl { get; }

    /// <summary>The repository (<c>owner/name</c>) a bare <c>#12</c> belongs to, or null when nothing says.</summary>
    public string? GitHubRepository { get; }

    /// <summary>
    /// The rules for a document: a page of a Wikimedia wiki (its source URL says so) means Wikimedia's
    /// Phabricator, as its <c>phab:</c> links do; any other document means the configured target, if any. A bare
    /// <c>#12</c> means the repository the caller names, else the one the document lives in (<see cref="SourceRepository"/>,
    /// on github.com or a configured Enterprise host), else the one configured GitHub target's repository.
    /// </summary>
    public static ReferenceRules For(ExtractionOptions? options, string? sourceUrl)
    {
        options ??= ExtractionOptions.None;
        var bare = IsWikimediaWiki(sourceUrl) ? WikimediaPhabricator : options.PhabricatorBaseUrl;
        var gitHubHosts = CleanHosts(options.GitHubHosts);
        var (repository, repositoryWebUrl) = options.GitHubRepository is { } named ? (named, options.GitHubWebUrl)
            : SourceRepository(sourceUrl, gitHubHosts) is { } fromSource ? fromSource
            : (options.GitHubDefaultRepository, options.GitHubWebUrl);
        return new ReferenceRules(options.PhabricatorHosts, bare, repository, options.GitHubWebUrl, repositoryWebUrl, gitHubHosts);
    }

    /// <summary>
    /// The GitHub repository a document's source URL lives in, with the web root its issues are under:
    /// <c>github.com/owner/name/…</c>, <c>raw.githubusercontent.com/owner/name/…</c>, a configured GitHub Enterprise host
    /// (<c>https://ghe.example.com/owner/name/…</c>), or a GitHub Pages project site <c>owner.github.io/name/…</c> (the
    /// site root, or a path starting with a number such as a dated post, is the user site's repository
    /// <c>owner/owner.github.io</c>). Null for anything else. A caller who knows better passes the repository.
    /// </summary>
    private static (string Repository, string WebUrl)? SourceRepository(string? sourceUrl, HashSet<string> gitHubHosts)
    {
        if (!Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var host = WithoutTrailingDot(uri.Host).ToLowerInvariant();
        string? repository = null;
        var webUrl = GitHubDotCom;
        var onGitHubDotCom = IsGitHubDotCom(host) || host == "raw.githubusercontent.com";
        if (segments.Length >= 2 && (onGitHubDotCom || gitHubHosts.Contains(host)))
        {
            repository = segments[0] + "/" + (segments[1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segments[1][..^4] : segments[1]);
            webUrl = onGitHubDotCom ? GitHubDotCom : $"{uri.Scheme}://{uri.Authority}";
        }
        else if (host.EndsWith(".github.io", StringComparison.Ordinal) && host.Count(c => c == '.') == 2)
        {
            // A first path segment is a project site's repository, unless it is a number: a user site's dated post
            // (owner.github.io/2024/…) belongs to the site's own repository.
            var owner = host[..^".github.io".Length];
            repository = owner + "/" + (segments.Length >= 1 && !segments[0].All(char.IsAsciiDigit) ? segments[0] : host);
        }

        return repository is not null && ExtractionOptions.IsGitHubRepositoryName(repository) ? (repository, webUrl) : null;
    }

    /// <summary>Whether task URLs on <paramref name="host"/> (as the URL writes it, a trailing dot too) are Phabricator/Phorge tasks.</summary>
    public bool IsPhabricatorHost(string host)
    {
        var name = WithoutTrailingDot(host);
        return name.StartsWith("phabricator.", StringComparison.OrdinalIgnoreCase) ||
               name.StartsWith("phorge.", StringComparison.OrdinalIgnoreCase) ||
               _hosts.Contains(name);
    }

    public string? BareTaskUrl(string key) => BareTaskBaseUrl is null ? null : BareTaskBaseUrl + "/" + key;

    /// <summary>A bare <c>#12</c>: <c>owner/name#12</c> with its issue URL in the document's repository, else <c>#12</c> unresolved.</summary>
    public TaskReference BareIssue(string number, string written) => GitHubRepository is null
        ? new TaskReference(TaskReferenceKind.GitHubIssue, "#" + number, written, null)
        : new TaskReference(TaskReferenceKind.GitHubIssue, GitHubRepository + "#" + number, written,
            $"{GitHubRepositoryWebUrl}/{GitHubRepository}/issues/{number}");

    private static bool IsGitHubDotCom(string host) =>
        host.Equals("github.com", StringComparison.OrdinalIgnoreCase) || host.Equals("www.github.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>Configured hosts as URLs write them: no spacing, no trailing dot, any case.</summary>
    private static HashSet<string> CleanHosts(IEnumerable<string> hosts) =>
        new(hosts.Select(h => WithoutTrailingDot(h.Trim())), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// "github.com." is the fully qualified github.com, and <see cref="Uri.Host"/> keeps the dot: every host is
    /// compared without it, whether configured, in a source URL or in a URL of the text.
    /// </summary>
    private static string WithoutTrailingDot(string host) => host.TrimEnd('.');

    private static bool IsWikimediaWiki(string? sourceUrl) =>
        Uri.TryCreate(sourceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
        (uri.Host.EndsWith(".wikimedia.org", StringComparison.OrdinalIgnoreCase) ||
         uri.Host.EndsWith(".wikipedia.org", StringComparison.OrdinalIgnoreCase));
}
