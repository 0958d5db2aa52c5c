using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>Finds references to tracker tasks and code changes in item text and link targets.</summary>
internal static partial class ReferenceFinder
{
    [GeneratedRegex(@"https?://phabricator\.[a-z0-9.-]+/(T[0-9]{1,8})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex PhabricatorUrl { get; }
    [GeneratedRegex(@"https?://(www\.)?github\.com/([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)/(issues|pull)/([0-9]{1,9})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex GitHubUrl { get; }
    [GeneratedRegex(@"https?://gerrit(-review)?\.[a-z0-9.-]+/(r/)?(#/)?(c/)?([A-Za-z0-9._/+-]*/\+/)?([0-9]{2,9})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex GerritUrl { get; }
    [GeneratedRegex(@"https?://[a-z0-9.-]+/browse/([A-Z][A-Z0-9]{1,9}-[0-9]{1,7})", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex JiraUrl { get; }

    // Bare forms. Boundaries are spelled out as classes because NonBacktracking has no look-arounds.
    [GeneratedRegex(@"(^|[^A-Za-z0-9_/#-])(T[0-9]{3,8})($|[^A-Za-z0-9_])", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex PhabricatorBare { get; }
    [GeneratedRegex(@"(^|[\s(\[,;])([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})#([0-9]{1,9})($|[^0-9A-Za-z])", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex GitHubBare { get; }
    [GeneratedRegex(@"(^|[^A-Za-z0-9_/.-])([A-Z][A-Z0-9]{1,9})-([0-9]{1,7})($|[^A-Za-z0-9_-])", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex JiraBare { get; }

    /// <summary>Upper-case prefixes that look like Jira keys but name standards and algorithms.</summary>
    private static readonly HashSet<string> NotJiraProjects = new(StringComparer.Ordinal)
    {
        "UTF", "SHA", "CVE", "ISO", "RFC", "HTTP", "TLS", "SSL", "MD", "IPV", "PEP", "GPL", "LTS", "COVID", "AES", "RSA",
        "UTC", "GMT", "CET", "CEST", "PST", "PDT", "EST", "EDT", "IEEE", "ECMA", "ES", "TCP", "UDP", "DDR", "PCI", "MP",
        "USB", "CPU", "GPU", "RAM", "SSD", "HDD", "RAID", "PHP", "JDK", "JRE", "VM", "K8S", "ARM", "X86", "WCAG", "OWASP",
        "CWE", "GHSA", "DSA", "DLA", "USN", "RHSA", "APR", "FIPS", "HA", "SLO", "SLA", "API", "DNS", "SHA1", "SHA2", "MD5",
    };

    public static IReadOnlyList<TaskReference> Find(string text, IEnumerable<string> urls, bool wikimediaContext)
    {
        var found = new List<TaskReference>();
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        void Add(TaskReference reference)
        {
            if (keys.Add(reference.Kind + ":" + reference.Key))
            {
                found.Add(reference);
            }
        }

        foreach (var url in urls)
        {
            FindInUrl(url, Add);
        }

        // URLs written out in the text are links too.
        foreach (var token in text.Contains("://", StringComparison.Ordinal) ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            if (token.Contains("://", StringComparison.Ordinal))
            {
                FindInUrl(token.Trim('(', ')', '[', ']', '<', '>', ',', '.', ';'), Add);
            }
        }

        var withoutUrls = RemoveUrls(text);
        // Each pattern needs a character most item texts lack; checking for it first skips the scan.
        var phabricatorMatches = withoutUrls.Contains('T', StringComparison.Ordinal) ? PhabricatorBare.Matches(withoutUrls) : null;
        foreach (var match in phabricatorMatches?.Cast<Match>() ?? [])
        {
            var key = match.Groups[2].Value;
            Add(new TaskReference(TaskReferenceKind.Phabricator, key, key,
                wikimediaContext ? "https://phabricator.wikimedia.org/" + key : null));
        }

        var gitHubMatches = withoutUrls.Contains('#', StringComparison.Ordinal) && withoutUrls.Contains('/', StringComparison.Ordinal) ? GitHubBare.Matches(withoutUrls) : null;
        foreach (var match in gitHubMatches?.Cast<Match>() ?? [])
        {
            var key = $"{match.Groups[2].Value}/{match.Groups[3].Value}#{match.Groups[4].Value}";
            Add(new TaskReference(TaskReferenceKind.GitHubIssue, key, key,
                $"https://github.com/{match.Groups[2].Value}/{match.Groups[3].Value}/issues/{match.Groups[4].Value}"));
        }

        var jiraMatches = withoutUrls.Contains('-', StringComparison.Ordinal) ? JiraBare.Matches(withoutUrls) : null;
        foreach (var match in jiraMatches?.Cast<Match>() ?? [])
        {
            var project = match.Groups[2].Value;
            if (NotJiraProjects.Contains(project) || project.All(char.IsDigit) || !project.Any(char.IsLetter))
            {
                continue;
            }

            var key = $"{project}-{match.Groups[3].Value}";
            Add(new TaskReference(TaskReferenceKind.Jira, key, key, null));
        }

        return found;
    }

    private static void FindInUrl(string url, Action<TaskReference> add)
    {
        if (PhabricatorUrl.Match(url) is { Success: true } phab)
        {
            add(new TaskReference(TaskReferenceKind.Phabricator, phab.Groups[1].Value.ToUpperInvariant(), url, url));
        }
        else if (GitHubUrl.Match(url) is { Success: true } github)
        {
            var key = $"{github.Groups[2].Value}/{github.Groups[3].Value}#{github.Groups[5].Value}";
            var kind = github.Groups[4].Value.Equals("pull", StringComparison.OrdinalIgnoreCase)
                ? TaskReferenceKind.GitHubPullRequest
                : TaskReferenceKind.GitHubIssue;
            add(new TaskReference(kind, key, url, url));
        }
        else if (GerritUrl.Match(url) is { Success: true } gerrit)
        {
            add(new TaskReference(TaskReferenceKind.Gerrit, gerrit.Groups[6].Value, url, url));
        }
        else if (JiraUrl.Match(url) is { Success: true } jira)
        {
            add(new TaskReference(TaskReferenceKind.Jira, jira.Groups[1].Value, url, url));
        }
    }

    private static string RemoveUrls(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            return text;
        }

        var parts = text.Split(' ');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Contains("://", StringComparison.Ordinal))
            {
                parts[i] = "";
            }
        }

        return string.Join(' ', parts);
    }
}
