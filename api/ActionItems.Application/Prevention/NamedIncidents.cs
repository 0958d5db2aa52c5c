using System.Globalization;
using ActionItems.Application.Postmortems;
using System.Text;
using System.Text.RegularExpressions;

namespace ActionItems.Application.Prevention;

/// <summary>What the detector knows of an incident: how other postmortems can name it.</summary>
public sealed record IncidentReferenceKey(long Id, string Title, string? Source, DateOnly? Date)
{
    /// <summary>An incident's key from its columns: its date, else the (UTC) day it started.</summary>
    public static IncidentReferenceKey Of(long id, string title, string? source, DateOnly? incidentDate, DateTimeOffset? startedAt) =>
        new(id, title, source, incidentDate ?? startedAt.ToDate());
}

/// <summary>An incident a postmortem names, and how, in words a reviewer reads ("names incident 2019-11-29 … by its link").</summary>
/// <remarks>
/// <paramref name="ByDateOnly"/>: named by nothing but a date, the weakest way (a report mentions dates for many
/// reasons); a link, identifier or title is an explicit reference.
/// </remarks>
public sealed record NamedIncident(long IncidentId, string Evidence, bool ByDateOnly = false);

/// <summary>
/// The incidents a postmortem names (docs/prevention.md, "Incidents a postmortem names"). Postmortems cite an earlier
/// incident by a link to its report (its URL or file name), by its identifier ("PM2019-009"), by the earlier report's
/// title, or by its date ("the outage on 22 June", "2021-06-22"); a reviewer takes any of them as the strongest sign
/// that the earlier incident's follow-ups are related. Each rule counts only what names one incident, not a kind of
/// text: a file name or identifier several incidents share names none, a date names an incident only when one (or a
/// few) incidents happened that day and it is before this incident (a timeline's own dates are this incident's).
/// </summary>
public static partial class NamedIncidents
{
    /// <summary>A date shared by more incidents than this says "some day", not "that incident".</summary>
    public const int MaxIncidentsPerDate = 3;

    /// <summary>A file-name stem shorter than this ("index", "README") is a page, not a report.</summary>
    private const int MinStemLength = 8;

    /// <summary>A title of fewer terms than this ("Outage", "DNS down") occurs in prose by chance.</summary>
    internal const int MinTitleTerms = 3;

    /// <summary>A document is read up to this many characters; a reference sits in its prose, not in an appended log dump.</summary>
    private const int MaxDocumentCharacters = 200_000;

    /// <summary>The incidents of <paramref name="others"/> that <paramref name="self"/>'s postmortem names (a list that may hold <paramref name="self"/>).</summary>
    public static IReadOnlyList<NamedIncident> Find(string? documentText, IncidentReferenceKey self, IReadOnlyCollection<IncidentReferenceKey> others) =>
        others.Count == 0 ? [] : Find(documentText, self, new IncidentReferenceCatalog([self, .. others.Where(o => o.Id != self.Id)]));

    /// <summary>The incidents of the catalog other than <paramref name="self"/> (which the catalog holds) that its postmortem names.</summary>
    public static IReadOnlyList<NamedIncident> Find(string? documentText, IncidentReferenceKey self, IncidentReferenceCatalog catalog)
    {
        if (string.IsNullOrWhiteSpace(documentText) || catalog.Find(self.Id) is not { } own)
        {
            return [];
        }
        var text = documentText.Length > MaxDocumentCharacters ? documentText[..MaxDocumentCharacters] : documentText;
        var found = new Dictionary<long, (IncidentReferenceKey Incident, List<string> How)>();
        void Name(IncidentReferenceKey incident, string how)
        {
            if (!found.TryGetValue(incident.Id, out var entry))
            {
                entry = (incident, []);
                found[incident.Id] = entry;
            }
            if (!entry.How.Contains(how))
            {
                entry.How.Add(how);
            }
        }

        foreach (var (incident, how) in ByLink(text, own, catalog))
        {
            Name(incident, how);
        }
        foreach (var (incident, how) in ByIdentifier(text, own, catalog))
        {
            Name(incident, how);
        }
        foreach (var (incident, how) in ByTitle(text, own, catalog))
        {
            Name(incident, how);
        }
        foreach (var (incident, how) in ByDate(text, own, catalog))
        {
            Name(incident, how);
        }
        return [.. found.Values
            .OrderBy(f => f.Incident.Date ?? DateOnly.MaxValue).ThenBy(f => f.Incident.Id)
            .Select(f => new NamedIncident(f.Incident.Id, Describe(f.Incident, f.How), f.How.All(h => h.StartsWith(DateEvidence, StringComparison.Ordinal))))];
    }

    private const string DateEvidence = "date ";

    private static string Describe(IncidentReferenceKey incident, List<string> how)
    {
        var title = incident.Title.Length > 60 ? incident.Title[..57].TrimEnd() + "…" : incident.Title;
        var date = incident.Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " : "";
        return $"names incident {date}\"{title}\" ({string.Join(", ", how)})";
    }

    // ---------------------------------------------------------------- links and file names

    /// <summary>A link to another incident's report: the last path segment of a link target equals its source's.</summary>
    private static IEnumerable<(IncidentReferenceKey, string)> ByLink(string text, IncidentReferenceCatalog.Entry self, IncidentReferenceCatalog catalog)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in LinkTargets(text))
        {
            if (FileStem(target) is { } stem && stem != self.Stem && seen.Add(stem) &&
                IncidentReferenceCatalog.OnlyOther(catalog.ByStem[stem], self) is { } incident)
            {
                yield return (incident, "link to its report");
            }
        }
    }

    /// <summary>The targets of links a document holds: bare URLs, Markdown inline and reference links, HTML and wiki links.</summary>
    internal static IEnumerable<string> LinkTargets(string text)
    {
        foreach (Match match in LinkTarget.Matches(text))
        {
            foreach (var name in (string[])["url", "inline", "definition", "href", "wiki"])
            {
                if (match.Groups[name].Success)
                {
                    yield return match.Groups[name].Value;
                }
            }
        }
    }

    [GeneratedRegex("""(?<url>https?://[^\s<>()\[\]"'`|]{1,2000})|\]\(\s*<?(?<inline>[^)\s>]{1,2000})|^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*<?(?<definition>[^\s>]{1,2000})|\bhref\s*=\s*["'](?<href>[^"']{1,2000})|\[\[(?<wiki>[^\]|\n]{1,500})""",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinkTarget { get; }

    internal static string? SourceStem(string? source) => string.IsNullOrWhiteSpace(source) ? null : FileStem(source);

    /// <summary>
    /// A link target's or source's last path segment, decoded, without file extensions, lower-cased, runs of other
    /// characters than letters and digits as one hyphen: "PM2019-009%20-%20Kubernetes…md" and a copy named
    /// "pm2019-009 - kubernetes….md" have the same stem, a wiki title with underscores the same as one with spaces.
    /// Null for what names no report (too short, no letter: "issues/611", "#section").
    /// </summary>
    internal static string? FileStem(string target)
    {
        var path = target.Trim();
        var cut = path.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            path = path[..cut];
        }
        path = path.TrimEnd('/');
        var segment = path[(path.LastIndexOfAny(['/', '\\', ':']) + 1)..];
        try
        {
            segment = Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            // A stray % in a file name: the name as written.
        }
        segment = StripExtensions(segment);
        var stem = Normalise(segment, '-');
        return stem.Length >= MinStemLength && stem.Any(char.IsLetter) ? stem : null;
    }

    private static readonly string[] ReportExtensions =
        [".md", ".markdown", ".qmd", ".rmd", ".mdx", ".erb", ".html", ".htm", ".txt", ".wiki", ".rst", ".adoc", ".pdf", ".php"];

    private static string StripExtensions(string name)
    {
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var extension in ReportExtensions)
            {
                if (name.Length > extension.Length && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    name = name[..^extension.Length];
                    stripped = true;
                }
            }
        }
        return name;
    }

    // ---------------------------------------------------------------- identifiers

    /// <summary>
    /// An identifier that leads another incident's title or file name ("PM2019-009 - Kubernetes…", "INC-1234: …"), written
    /// in this document. Letters then at least three digits: shorter ones are versions and sizes ("v1.2", "k8s", "T4").
    /// </summary>
    private static List<(IncidentReferenceKey, string)> ByIdentifier(string text, IncidentReferenceCatalog.Entry self, IncidentReferenceCatalog catalog)
    {
        if (catalog.ByIdentifier.Count == 0)
        {
            return [];
        }
        var named = new List<(IncidentReferenceKey, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier.Matches(text))
        {
            var identifier = IdentifierKey(match.Value);
            if (identifier is not null && identifier != self.TitleIdentifier && identifier != self.StemIdentifier && seen.Add(identifier) &&
                IncidentReferenceCatalog.OnlyOther(catalog.ByIdentifier[identifier], self) is { } incident)
            {
                named.Add((incident, $"identifier {match.Value}"));
            }
        }
        return named;
    }

    internal static string? LeadingIdentifier(string? titleOrStem)
    {
        if (string.IsNullOrWhiteSpace(titleOrStem))
        {
            return null;
        }
        var match = Identifier.Match(titleOrStem.TrimStart());
        return match.Success && match.Index == 0 ? IdentifierKey(match.Value) : null;
    }

    /// <summary>"PM2019-009", "pm-2019_009" and "PM2019009" are one identifier.</summary>
    private static string? IdentifierKey(string identifier)
    {
        var key = new string([.. identifier.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        return key.Count(char.IsDigit) >= 3 ? key : null;
    }

    [GeneratedRegex("(?<![A-Za-z0-9])[A-Za-z]{1,10}[-_]?[0-9]+(?:[-_][0-9]+)*(?![A-Za-z0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Identifier { get; }

    // ---------------------------------------------------------------- titles

    /// <summary>
    /// Another incident's title written in this document, or, when this report carries an earlier report's very title
    /// (a recurrence written up under the first one's name: "All services returning 503 in Kubernetes" again), those
    /// earlier incidents, at most <see cref="MaxIncidentsPerDate"/> of them: a title many reports share is a category.
    /// </summary>
    private static List<(IncidentReferenceKey, string)> ByTitle(string text, IncidentReferenceCatalog.Entry self, IncidentReferenceCatalog catalog)
    {
        var named = new List<(IncidentReferenceKey, string)>();
        if (self.Key.Date is { } ownDate)
        {
            var sameTitle = self.TitleKey is { } ownTitleKey ? EarlierOthers(catalog.ByTitle[ownTitleKey], self, ownDate) : [];
            if (sameTitle.Count <= MaxIncidentsPerDate)
            {
                named.AddRange(sameTitle.Select(o => (o, "this report's title")));
            }
            var sameFileTitle = self.FileTitle is { } ownFileTitle ? EarlierOthers(catalog.ByFileTitle[ownFileTitle], self, ownDate) : [];
            if (sameFileTitle.Count <= MaxIncidentsPerDate)
            {
                named.AddRange(sameFileTitle.Select(o => (o, "this report's file name")));
            }
        }
        if (catalog.ByTitle.Count == 0)
        {
            return named;
        }
        // The document's pairs of words, each a look-up of the titles that start with it; only those get a text search.
        var normalised = " " + Normalise(text, ' ') + " ";
        var words = normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k + 1 < words.Length; k++)
        {
            if (pairs.Add(words[k] + " " + words[k + 1]))
            {
                foreach (var title in catalog.TitlesStartingWith[words[k] + " " + words[k + 1]])
                {
                    if (title != self.TitleKey && IncidentReferenceCatalog.OnlyOther(catalog.ByTitle[title], self) is { } incident &&
                        normalised.Contains(" " + title + " ", StringComparison.Ordinal))
                    {
                        named.Add((incident, "its title"));
                    }
                }
            }
        }
        return named;
    }

    private static List<IncidentReferenceKey> EarlierOthers(IEnumerable<IncidentReferenceCatalog.Entry> entries, IncidentReferenceCatalog.Entry self, DateOnly before) =>
        [.. entries.Where(e => e.Key.Id != self.Key.Id && e.Key.Date is { } d && d < before).Select(e => e.Key)];

    /// <summary>
    /// The title a report's file name gives, without its leading identifier or date ("PM2021-003 - Flux version bump
    /// causing component downtime" → "flux-version-bump-causing-component-downtime"); null when fewer than
    /// <see cref="MinTitleTerms"/> words are left.
    /// </summary>
    internal static string? FileTitle(string? source)
    {
        if (SourceStem(source) is not { } stem)
        {
            return null;
        }
        var rest = LeadingDateOrIdentifier.Replace(stem, "");
        return TextTerms.Of(rest).Count >= MinTitleTerms ? rest : null;
    }

    [GeneratedRegex("^(?:(?:19|20)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}|[a-z]{1,10}-?[0-9]+(?:-[0-9]+)*)-", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LeadingDateOrIdentifier { get; }

    // ---------------------------------------------------------------- dates

    /// <summary>
    /// A date written in this document ("2021-06-22", "22 June 2021", "June 22", "the 22nd of June") that is before this
    /// incident and the date of at most <see cref="MaxIncidentsPerDate"/> other incidents. A date without a year is its
    /// latest occurrence before this incident. Without a date of its own, no date in a document can be said to be earlier.
    /// </summary>
    private static List<(IncidentReferenceKey, string)> ByDate(string text, IncidentReferenceCatalog.Entry self, IncidentReferenceCatalog catalog)
    {
        if (self.Key.Date is not { } ownDate || !(catalog.EarliestDate < ownDate))
        {
            return [];
        }
        var named = new List<(IncidentReferenceKey, string)>();
        var seen = new HashSet<DateOnly>();
        foreach (var (date, written) in WrittenDates(text, ownDate))
        {
            // An earlier date is never this incident's own, so every incident of that day is another one.
            if (date < ownDate && seen.Add(date) && catalog.ByDate[date].ToList() is { Count: > 0 and <= MaxIncidentsPerDate } incidents)
            {
                named.AddRange(incidents.Select(i => (i.Key, DateEvidence + written)));
            }
        }
        return named;
    }

    /// <summary>The dates a text writes, with the text as written; a date without a year is placed at or before <paramref name="before"/>.</summary>
    internal static IEnumerable<(DateOnly Date, string Written)> WrittenDates(string text, DateOnly before)
    {
        foreach (Match match in DatePattern.Matches(text))
        {
            int year, month, day;
            if (match.Groups["isoYear"].Success)
            {
                year = int.Parse(match.Groups["isoYear"].ValueSpan, CultureInfo.InvariantCulture);
                month = int.Parse(match.Groups["isoMonth"].ValueSpan, CultureInfo.InvariantCulture);
                day = int.Parse(match.Groups["isoDay"].ValueSpan, CultureInfo.InvariantCulture);
            }
            else
            {
                month = MonthNumber(match.Groups["month1"].Success ? match.Groups["month1"].Value : match.Groups["month2"].Value);
                day = int.Parse(match.Groups["day1"].Success ? match.Groups["day1"].ValueSpan : match.Groups["day2"].ValueSpan, CultureInfo.InvariantCulture);
                var yearGroup = match.Groups["year1"].Success ? match.Groups["year1"] : match.Groups["year2"];
                if (yearGroup.Success)
                {
                    year = int.Parse(yearGroup.ValueSpan, CultureInfo.InvariantCulture);
                }
                else
                {
                    year = before.Year;
                    if (month > before.Month || month == before.Month && day > before.Day)
                    {
                        year--;
                    }
                }
            }
            if (month is >= 1 and <= 12 && year is >= 1900 and <= 9999 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                yield return (new DateOnly(year, month, day), match.Value.Trim());
            }
        }
    }

    private static int MonthNumber(string name) =>
        Array.FindIndex(MonthPrefixes, p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) + 1;

    private static readonly string[] MonthPrefixes = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private const string MonthName =
        "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

    [GeneratedRegex(@"(?<![0-9])(?<isoYear>(?:19|20)[0-9]{2})[-/.](?<isoMonth>[01]?[0-9])[-/.](?<isoDay>[0-3]?[0-9])(?![0-9])" +
        @"|(?<![0-9A-Za-z])(?<day1>[0-3]?[0-9])(?:st|nd|rd|th)?(?:\s+of)?\s+(?<month1>" + MonthName + @")\.?(?![A-Za-z])(?:,?\s+(?<year1>(?:19|20)[0-9]{2})(?![0-9]))?" +
        @"|(?<![A-Za-z])(?<month2>" + MonthName + @")\.?\s+(?:the\s+)?(?<day2>[0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9:])(?:,?\s+(?<year2>(?:19|20)[0-9]{2})(?![0-9]))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DatePattern { get; }

    // ---------------------------------------------------------------- helpers

    /// <summary>Lower-cased, every run of characters other than letters and digits one <paramref name="separator"/>, trimmed.</summary>
    internal static string Normalise(string text, char separator)
    {
        var builder = new StringBuilder(text.Length);
        var pending = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pending && builder.Length > 0)
                {
                    builder.Append(separator);
                }
                pending = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pending = true;
            }
        }
        return builder.ToString();
    }
}
