using System.Globalization;
using System.Text.RegularExpressions;

namespace ActionItems.Core.Extraction;

/// <summary>
/// Finds references to tracker tasks and code changes in item text and link targets.
/// Phabricator/Phorge task numbers (README, "References to tasks"): a URL <c>/T…</c> on a host named
/// <c>phabricator.*</c> or <c>phorge.*</c> or on a configured target's host is a task whatever its number;
/// a bare <c>T100</c> or longer is a task; a bare <c>T1</c>–<c>T99</c> is one only after a word that says so
/// ("task T12", "Phab: T7"), because in running text short ones name phases, tiers and times ("T1 and T2
/// phases", "at T5"); the others are reported as ambiguous. Leading zeros are dropped (<c>T0123</c> is
/// <c>T123</c>); <c>T0</c> is never a task.
/// </summary>
internal static partial class ReferenceFinder
{
    /// <summary>Below this a bare task number needs a task word before it.</summary>
    public const int ShortTaskNumberLimit = 100;

    /// <summary>What wraps or ends a URL written in running text: "(https://…/T1)," is the URL. One array, not a params array per URL token.</summary>
    private static readonly char[] UrlWrapping = ['(', ')', '[', ']', '<', '>', ',', '.', ';'];

    // Any host: whether it serves tasks is the rules' decision (configured hosts are not known here).
    [GeneratedRegex(@"https?://([a-z0-9.-]+)(:[0-9]{1,5})?/(T[0-9]{1,8})($|[^0-9A-Za-z_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex TaskUrl { get; }
    // An issue or pull request URL on any host: GitHub's when the rules say the host is github.com or a configured
    // GitHub Enterprise Server (ReferenceRules.IsGitHubHost).
    [GeneratedRegex(@"https?://([a-z0-9.-]+)(:[0-9]{1,5})?/([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)/(issues|pull)/([0-9]{1,9})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex IssueUrl { get; }
    [GeneratedRegex(@"https?://gerrit(-review)?\.[a-z0-9.-]+/(r/)?(#/)?(c/)?([A-Za-z0-9._/+-]*/\+/)?([0-9]{2,9})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex GerritUrl { get; }
    [GeneratedRegex(@"https?://[a-z0-9.-]+/browse/([A-Z][A-Z0-9]{1,9}-[0-9]{1,7})", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex JiraUrl { get; }

    // Bare forms. Boundaries are spelled out as classes because NonBacktracking has no look-arounds.
    // (Bare task numbers are scanned by hand in FindBareTasks: their context is the word before them.)
    [GeneratedRegex(@"(^|[\s(\[,;])([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]{1,100})#([0-9]{1,9})($|[^0-9A-Za-z])", RegexOptions.CultureInvariant, TextTools.MatchTimeoutMs)]
    private static partial Regex GitHubBare { get; }
    [GeneratedRegex(@"(^|[^A-Za-z0-9_/.-])([A-Z][A-Z0-9]{1,9})-([0-9]{1,7})($|[^A-Za-z0-9_-])", RegexOptions.CultureInvariant, TextTools.BoundedPatternTimeoutMs)]
    private static partial Regex JiraBare { get; }

    /// <summary>Upper-case prefixes that look like Jira keys but name standards and algorithms.</summary>
    private static readonly HashSet<string> NotJiraProjects = new(StringComparer.Ordinal)
    {
        "UTF", "SHA", "CVE", "ISO", "RFC", "HTTP", "TLS", "SSL", "MD", "IPV", "PEP", "GPL", "LTS", "COVID", "AES", "RSA",
        "UTC", "GMT", "CET", "CEST", "PST", "PDT", "EST", "EDT", "IEEE", "ECMA", "ES", "TCP", "UDP", "DDR", "PCI", "MP",
        "USB", "CPU", "GPU", "RAM", "SSD", "HDD", "RAID", "PHP", "JDK", "JRE", "VM", "K8S", "ARM", "X86", "WCAG", "OWASP",
        "CWE", "GHSA", "DSA", "DLA", "USN", "RHSA", "APR", "FIPS", "HA", "SLO", "SLA", "API", "DNS", "SHA1", "SHA2", "MD5",
    };

    /// <summary>Words that make a short bare task number a task reference when they come right before it.</summary>
    private static readonly HashSet<string> TaskWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "task", "tasks", "ticket", "tickets", "bug", "phab", "phabricator", "phorge", "maniphest",
    };

    /// <summary>Finds the references in an item's text and link targets.</summary>
    /// <param name="text">The text.</param>
    /// <param name="urls">Link targets of the text.</param>
    /// <param name="rules">Which hosts serve tasks and where bare numbers point.</param>
    /// <param name="ambiguous">Receives short bare task numbers that were not taken (as written), when given.</param>
    /// <param name="taskField">The text is a field that holds a task (an infobox "task ="), so short numbers are clear.</param>
    public static IReadOnlyList<TaskReference> Find(string text, IEnumerable<string> urls, ReferenceRules rules,
        ICollection<string>? ambiguous = null, bool taskField = false)
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
            FindInUrl(url, rules, Add);
        }

        // URLs written out in the text are links too.
        foreach (var token in text.Contains("://", StringComparison.Ordinal) ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            if (token.Contains("://", StringComparison.Ordinal))
            {
                FindInUrl(token.Trim(UrlWrapping), rules, Add);
            }
        }

        var withoutUrls = RemoveUrls(text);
        FindBareTasks(withoutUrls, rules, taskField, Add, ambiguous);

        // Each pattern needs a character most item texts lack; checking for it first skips the scan.

        var gitHubMatches = withoutUrls.Contains('#', StringComparison.Ordinal) && withoutUrls.Contains('/', StringComparison.Ordinal) ? GitHubBare.Matches(withoutUrls) : null;
        foreach (var match in gitHubMatches?.Cast<Match>() ?? [])
        {
            var key = $"{match.Groups[2].Value}/{match.Groups[3].Value}#{match.Groups[4].Value}";
            Add(new TaskReference(TaskReferenceKind.GitHubIssue, key, key,
                $"{rules.GitHubWebUrl}/{match.Groups[2].Value}/{match.Groups[3].Value}/issues/{match.Groups[4].Value}"));
        }

        FindBareIssues(withoutUrls, rules, found, Add);

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

    /// <summary>
    /// Bare <c>T</c> + 1–8 digits, not glued to a word, path, anchor or hyphen before it nor to a word after it.
    /// One pass over the text (linear, no pattern to time out).
    /// </summary>
    private static void FindBareTasks(string text, ReferenceRules rules, bool taskField, Action<TaskReference> add,
        ICollection<string>? ambiguous)
    {
        for (var at = text.IndexOf('T', StringComparison.Ordinal); at >= 0; at = text.IndexOf('T', at + 1))
        {
            if (at > 0 && (char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] is '_' or '/' or '#' or '-'))
            {
                continue;
            }
            var end = at + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            var digits = end - at - 1;
            if (digits is 0 or > 8 || (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')))
            {
                continue;
            }
            if (TaskKey(text.AsSpan(at + 1, digits)) is not { } key)
            {
                continue;
            }
            var written = text[at..end];
            if (int.Parse(key.AsSpan(1), CultureInfo.InvariantCulture) < ShortTaskNumberLimit && !taskField && !AfterTaskWord(text, at))
            {
                ambiguous?.Add(written);
                continue;
            }
            add(new TaskReference(TaskReferenceKind.Phabricator, key, written, rules.BareTaskUrl(key)));
        }
    }

    /// <summary>
    /// Bare <c>#12</c> (issue 18, class 5): a GitHub issue or pull request of the document's repository
    /// (<see cref="ReferenceRules.BareIssue"/>), unresolved when nothing names one. The <c>#</c> starts the text or
    /// follows a space or an opening bracket, so <c>owner/repo#12</c>, <c>C#12</c> and URL anchors are not taken;
    /// the digits end at a non-word character. A number already found as a GitHub reference in the same text
    /// (<c>[#294](…/issues/294)</c>: the link's text) is that reference, not a second one.
    /// </summary>
    private static void FindBareIssues(string text, ReferenceRules rules, List<TaskReference> found, Action<TaskReference> add)
    {
        for (var at = text.IndexOf('#', StringComparison.Ordinal); at >= 0; at = text.IndexOf('#', at + 1))
        {
            if (at > 0 && text[at - 1] is not (' ' or '(' or '[' or ',' or ';' or ':' or '\t' or '\n'))
            {
                continue;
            }
            var end = at + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
            var digits = end - at - 1;
            if (digits is 0 or > 9 || text[at + 1] == '0' || (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '-')))
            {
                continue;
            }
            var number = text[(at + 1)..end];
            if (found.Any(r => r.Kind is TaskReferenceKind.GitHubIssue or TaskReferenceKind.GitHubPullRequest
                               && r.Key.EndsWith("#" + number, StringComparison.Ordinal)))
            {
                continue;
            }
            add(rules.BareIssue(number, text[at..end]));
        }
    }

    /// <summary><c>T</c> + the number without leading zeros; null for zero, which is never a task.</summary>
    private static string? TaskKey(ReadOnlySpan<char> digits)
    {
        var trimmed = digits.TrimStart('0');
        return trimmed.IsEmpty ? null : "T" + trimmed.ToString();
    }

    /// <summary>Whether the word before position <paramref name="at"/> (past spaces and one ':') is a task word.</summary>
    private static bool AfterTaskWord(string text, int at)
    {
        var i = at - 1;
        while (i >= 0 && text[i] == ' ')
        {
            i--;
        }
        if (i >= 0 && text[i] == ':')
        {
            i--;
            while (i >= 0 && text[i] == ' ')
            {
                i--;
            }
        }
        var wordEnd = i + 1;
        while (i >= 0 && char.IsAsciiLetter(text[i]))
        {
            i--;
        }
        return wordEnd - (i + 1) is > 0 and <= 12 && TaskWords.Contains(text[(i + 1)..wordEnd]);
    }

    private static void FindInUrl(string url, ReferenceRules rules, Action<TaskReference> add)
    {
        if (TaskUrl.Match(url) is { Success: true } task && rules.IsPhabricatorHost(task.Groups[1].Value))
        {
            if (TaskKey(task.Groups[3].ValueSpan[1..]) is { } key)
            {
                add(new TaskReference(TaskReferenceKind.Phabricator, key, url, url));
            }
        }
        else if (IssueUrl.Match(url) is { Success: true } issue && rules.IsGitHubHost(issue.Groups[1].Value))
        {
            var key = $"{issue.Groups[3].Value}/{issue.Groups[4].Value}#{issue.Groups[6].Value}";
            var kind = issue.Groups[5].Value.Equals("pull", StringComparison.OrdinalIgnoreCase)
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
