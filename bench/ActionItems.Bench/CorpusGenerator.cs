using System.Globalization;
using System.Net;
using System.Text;
using ActionItems.Core.Domain;

namespace ActionItems.Bench;

/// <summary>One generated postmortem and the format it was written in.</summary>
internal sealed record CorpusDocument(int Index, DocumentFormat Format, string Text);

/// <summary>
/// Writes realistic postmortems in the four formats the extractor reads: metadata, summary, a long
/// timeline with IRC lines and alerts, conclusions, actionables as bullets, nested bullets, numbered
/// lists, checklists and tables with owner/ticket/status columns, a scorecard, and the navigation
/// noise of rendered pages. Deterministic for a given seed.
/// </summary>
internal sealed class CorpusGenerator(int seed, int targetBytes = 20 * 1024)
{
    private static readonly string[] Services =
        ["mediawiki", "calico", "etcd", "varnish", "ats", "swift", "elasticsearch", "kafka", "mariadb", "memcached", "envoy", "thumbor", "maps", "mathoid", "restbase", "eventgate"];

    private static readonly string[] Sites = ["eqiad", "codfw", "esams", "ulsfo", "eqsin", "drmrs", "magru"];
    private static readonly string[] People = ["alice", "bob", "carol", "dave", "effie", "jelto", "jayme", "akosiaris", "swfrench", "marostegui", "godog", "cdanis"];
    private static readonly string[] Teams = ["SRE", "Serviceops", "Data Persistence", "Observability", "Traffic", "Search Platform", "Release Engineering"];

    private static readonly string[] Verbs =
        ["Add", "Investigate", "Document", "Review", "Automate", "Alert on", "Reduce", "Limit", "Monitor", "Migrate", "Test", "Rate-limit", "Backport", "Audit", "Expose"];

    private static readonly string[] Objects =
        ["the deployment procedure for {0}", "{0} connection pool exhaustion", "the runbook for {0} failover", "resource limits of {0} pods",
         "canary checks before a {0} rollout", "latency alerts for {0} in {1}", "the number of network policies created by {0}",
         "health checks between {0} and the load balancers", "the cache hit ratio dashboard for {0}", "automatic depooling of {0} in {1}",
         "the retry budget of {0} clients", "capacity planning for {0} in {1}"];

    private static readonly string[] Prose =
        ["The {0} cluster in {1} started returning errors after a configuration change was deployed.",
         "Requests to {0} timed out because the upstream pool was saturated and retries amplified the load.",
         "An operator noticed elevated latencies on {0} and started investigating the dashboards.",
         "Traffic was moved away from {1} while {0} was restarted node by node.",
         "The alert fired but was routed to a team that was not on call at the time.",
         "It took a while to correlate the symptoms with the change because several deployments happened in the same window.",
         "A previous incident with {0} in {1} had a similar pattern, but its follow-up work had not been finished.",
         "Error rates returned to normal once the limits were raised and the pods were rescheduled."];

    private static readonly string[] IrcLines =
        ["<jinxer-wm> FIRING: {0}BackendErrorsHigh: elevated 5xx errors from {0} in {1} #page - https://alerts.wikimedia.org/?q=alertname%3D{0}",
         "<icinga-wm> PROBLEM - {0} on {0}1001 is CRITICAL: connection refused",
         "{2}: I think it's {0} related, let me check something",
         "{2}: deploying https://gerrit.wikimedia.org/r/c/operations/puppet/+/10{3}",
         "{2}: depooling {1} for {0}",
         "<jinxer-wm> RESOLVED: {0}BackendErrorsHigh: elevated 5xx errors from {0} in {1}",
         "{2}: looking at https://grafana.wikimedia.org/d/000000{3}/{0}?orgId=1&var-site={1}",
         "{2}: rolled back the change, errors are dropping"];

    private static readonly string[] ScorecardQuestions =
        ["People|Were the people responding to this incident sufficiently different than the previous five incidents?",
         "People|Were the people who responded prepared enough to respond effectively",
         "People|Were fewer than five people paged?",
         "People|Were pages routed to the correct sub-team(s)?",
         "Process|Was a public wikimediastatus.net entry created?",
         "Process|Is there a phabricator task for the incident?",
         "Process|Are the documented action items assigned?",
         "Tooling|Did existing monitoring notify the initial responders?",
         "Tooling|Were the steps taken to mitigate guided by an existing runbook?"];

    private static readonly string[] ActionableHeadings = ["Actionables", "Action items", "Follow-ups", "Remediation", "Corrective actions", "Next steps"];

    private readonly Random _random = new(seed);

    public List<CorpusDocument> Generate(int count)
    {
        var formats = new[] { DocumentFormat.Wikitext, DocumentFormat.WikitechRendered, DocumentFormat.Markdown, DocumentFormat.Html };
        var documents = new List<CorpusDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var incident = NewIncident(i);
            var format = formats[i % formats.Length];
            var text = format switch
            {
                DocumentFormat.Wikitext => Wikitext(incident),
                DocumentFormat.WikitechRendered => Rendered(incident),
                DocumentFormat.Markdown => Markdown(incident),
                _ => Html(incident),
            };
            documents.Add(new CorpusDocument(i, format, text));
        }

        return documents;
    }

    private sealed record Action(string Title, string? Detail, string? Task, string? Owner, bool? Done, string? SubTask);

    private sealed record Incident(
        string Slug, DateTime Start, DateTime End, string Task, string Service, string Site, List<string> Summary,
        List<(DateTime At, string Text)> Timeline, List<string> WentWell, List<string> WentPoorly, List<Action> Actions,
        int ActionStyle, string ActionHeading, List<(string Category, string Question, string Answer, string Note)> Scorecard);

    private Incident NewIncident(int index)
    {
        var service = Pick(Services);
        var site = Pick(Sites);
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(_random.Next(0, 2200)).AddMinutes(_random.Next(0, 1440));
        var end = start.AddMinutes(_random.Next(10, 240));
        var slug = string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd} {service}-{site}");
        var task = "T" + _random.Next(200_000, 400_000).ToString(CultureInfo.InvariantCulture);

        var summary = Enumerable.Range(0, _random.Next(2, 4)).Select(_ => Sentences(service, site, _random.Next(3, 6))).ToList();

        // The timeline fills most of the size budget, as it does in real postmortems.
        var timeline = new List<(DateTime, string)>();
        var at = start.AddMinutes(-_random.Next(5, 60));
        var budget = targetBytes * (0.45 + (_random.NextDouble() * 0.3));
        var size = 0;
        while (size < budget)
        {
            at = at.AddSeconds(_random.Next(5, 240));
            var line = Fill(Pick(IrcLines), service, site, Pick(People), _random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture));
            if (timeline.Count == 2)
            {
                line = "OUTAGE BEGINS " + line;
            }

            timeline.Add((at, line));
            size += line.Length + 12;
        }

        timeline.Add((end, "OUTAGE ENDS error rates back to normal"));

        var actions = new List<Action>();
        var actionCount = _random.Next(4, 14);
        for (var a = 0; a < actionCount; a++)
        {
            var title = Pick(Verbs) + " " + Fill(Pick(Objects), service, site);
            var detail = _random.Next(4) == 0 ? Sentences(service, site, 1) : null;
            var taskRef = _random.Next(3) > 0 ? "T" + _random.Next(200_000, 400_000).ToString(CultureInfo.InvariantCulture) : null;
            var owner = _random.Next(2) == 0 ? Pick(People) : null;
            bool? done = _random.Next(4) switch { 0 => true, 1 => false, _ => null };
            var sub = _random.Next(6) == 0 ? Pick(Verbs) + " " + Fill(Pick(Objects), Pick(Services), site) : null;
            actions.Add(new Action(title, detail, taskRef, owner, done, sub));
        }

        var scorecard = ScorecardQuestions.Select(q =>
        {
            var parts = q.Split('|');
            var answer = _random.Next(5) switch { 0 => "no", 1 => "", _ => "yes" };
            var note = _random.Next(4) == 0 ? "see " + Pick(Teams) + " notes" : "";
            return (parts[0], parts[1], answer, note);
        }).ToList();

        return new Incident(slug, start, end, task, service, site, summary, timeline,
            Enumerable.Range(0, _random.Next(2, 5)).Select(_ => Sentences(service, site, 1)).ToList(),
            Enumerable.Range(0, _random.Next(2, 5)).Select(_ => Sentences(service, site, 1)).ToList(),
            actions, index % 4 == 0 ? _random.Next(4) : (index / 4) % 4, Pick(ActionableHeadings), scorecard);
    }

    private string Sentences(string service, string site, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(i == 0 ? "" : " ").Append(Fill(Pick(Prose), service, site));
        }

        return builder.ToString();
    }

    private static string Fill(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private static string Time(DateTime at, bool withDate) =>
        at.ToString(withDate ? "yyyy-MM-dd HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- wikitext

    private static string Wikitext(Incident incident)
    {
        var b = new StringBuilder();
        b.Append("{{irdoc|status=final}}\n");
        b.Append("{{Incident scorecard\n| task = ").Append(incident.Task).Append("\n| paged-num = 2\n| responders-num = 5\n| coordinators = ").Append("alice")
            .Append("\n| start = ").Append(Time(incident.Start, true)).Append("\n| end = ").Append(Time(incident.End, true))
            .Append("\n| impact = Some users saw errors from ").Append(incident.Service).Append(".\n}}\n\n");
        b.Append("== Summary ==\n");
        foreach (var paragraph in incident.Summary)
        {
            b.Append(paragraph).Append(" See [[phab:").Append(incident.Task).Append("]] and [https://grafana.wikimedia.org/d/x the dashboard].\n\n");
        }

        b.Append("==Timeline==\nAll times in UTC.\n");
        foreach (var (at, text) in incident.Timeline)
        {
            b.Append('*').Append(Time(at, false)).Append(' ').Append(text).Append('\n');
        }

        b.Append("\n==Detection==\nThe issue was detected by a page:\n\n ").Append(incident.Timeline[0].Text).Append("\n\n");
        b.Append("==Conclusions ==\n\n===What went well?===\n");
        foreach (var line in incident.WentWell)
        {
            b.Append("* ").Append(line).Append('\n');
        }

        b.Append("\n===What went poorly?===\n");
        foreach (var line in incident.WentPoorly)
        {
            b.Append("* '''").Append(line).Append("'''\n");
        }

        b.Append("\n=== Where did we get lucky? ===\n* Only part of the traffic was affected\n\n==Links to relevant documentation==\n* [[Runbook|").Append(incident.Service).Append(" runbook]]\n\n");
        b.Append("==").Append(incident.ActionHeading).Append("==\n");
        if (incident.ActionStyle % 2 == 1)
        {
            b.Append("{| class=\"wikitable\"\n! Action !! Owner !! Task !! Status\n");
            foreach (var action in incident.Actions)
            {
                b.Append("|-\n| ").Append(action.Title).Append(" || ").Append(action.Owner ?? "")
                    .Append(" || ").Append(action.Task is null ? "" : "{{PhabT|" + action.Task[1..] + "}}")
                    .Append(" || ").Append(action.Done switch { true => "{{Done}}", false => "Open", _ => "" }).Append('\n');
            }

            b.Append("|}\n");
        }
        else
        {
            foreach (var action in incident.Actions)
            {
                var title = action.Done == true ? "<s>" + action.Title + "</s>" : action.Title;
                b.Append(incident.ActionStyle == 2 ? "# " : "* ").Append(title);
                if (action.Task is not null)
                {
                    b.Append(' ').Append(action.Task.Length % 2 == 0 ? "{{PhabT|" + action.Task[1..] + "}}" : "[[phab:" + action.Task + "]]");
                }

                b.Append('\n');
                if (action.Detail is not null)
                {
                    b.Append("** ").Append(action.Detail).Append('\n');
                }

                if (action.SubTask is not null)
                {
                    b.Append("** ").Append(action.SubTask).Append(" (owner: ").Append(action.Owner ?? "bob").Append(")\n");
                }
            }
        }

        b.Append("\n==Scorecard==\n\n\nIncident Engagement  ScoreCard\n\n\tQuestion\tAnswer\n(yes/no)\tNotes\n");
        foreach (var (category, question, answer, note) in incident.Scorecard)
        {
            b.Append(category.PadRight(46)).Append('\t').Append(question.PadRight(100)).Append('\t').Append(answer.PadRight(3)).Append('\t').Append(note).Append('\n');
        }

        b.Append("Total score (count of all “yes” answers above)\tTotal score (count of all “yes” answers above)\t\t\n");
        return b.ToString();
    }

    // ---------------------------------------------------------------- rendered Wikitech page

    private static string Rendered(Incident incident)
    {
        var b = new StringBuilder();
        b.Append("Jump to content\nMain menu\nSearch\nCreate account\nLog in\n\nIncidents/").Append(incident.Slug).Append("\n\nFrom Wikitech\n\n");
        b.Append("document status: final\n\nContents [hide]\n1 Summary\n2 Timeline\n3 Detection\n4 Conclusions\n4.1 What went well?\n4.2 What went poorly?\n5 Actionables\n6 Scorecard\n\n");
        b.Append("Summary\n\nIncident metadata (see Incident Scorecard)\nIncident ID ").Append(incident.Slug).Append(" Start ").Append(Time(incident.Start, true)).Append('\n')
            .Append("Task ").Append(incident.Task).Append(" End ").Append(Time(incident.End, true)).Append('\n')
            .Append("People paged 2 Responder count 6\nCoordinators alice Affected metrics/SLOs none\nImpact Some requests to ").Append(incident.Service).Append(" failed.\n\n");
        foreach (var paragraph in incident.Summary)
        {
            b.Append(paragraph).Append("\n\n");
        }

        b.Append("Timeline\n\nAll times in UTC.\n\n");
        foreach (var (at, text) in incident.Timeline)
        {
            b.Append("  • ").Append(Time(at, true)).Append(' ').Append(text).Append('\n');
        }

        b.Append("\nDetection\n\n").Append(incident.Summary[0]).Append("\n\nConclusions\n\nWhat went well?\n\n");
        foreach (var line in incident.WentWell)
        {
            b.Append("  • ").Append(line).Append('\n');
        }

        b.Append("\nWhat went poorly?\n\n");
        foreach (var line in incident.WentPoorly)
        {
            b.Append("  • ").Append(line).Append('\n');
        }

        b.Append("\nWhere did we get lucky?\n\n  • Only part of the traffic was affected\n\nActionables\n\n");
        if (incident.ActionStyle == 3)
        {
            b.Append("None at this point in time\n");
        }
        else
        {
            foreach (var action in incident.Actions)
            {
                b.Append("  • ").Append(action.Title);
                if (action.Task is not null)
                {
                    b.Append(' ').Append(action.Task);
                }

                if (action.Done == true)
                {
                    b.Append(" (done)");
                }

                b.Append('\n');
                if (action.Detail is not null)
                {
                    b.Append("      ◦ ").Append(action.Detail).Append('\n');
                }
            }
        }

        b.Append("\nScorecard\n\nIncident Engagement ScoreCard\tQuestion\tAnswer\n(yes/no)\tNotes\n");
        foreach (var (category, question, answer, note) in incident.Scorecard)
        {
            b.Append(category).Append('\t').Append(question).Append('\t').Append(answer).Append('\t').Append(note).Append('\n');
        }

        b.Append("Total score (count of all “yes” answers above)\t\t\n\n");
        b.Append("Retrieved from \"https://wikitech.wikimedia.org/w/index.php?title=Incidents/").Append(incident.Slug.Replace(' ', '_')).Append("\"\n");
        b.Append("Category: Incident documentation\nThis page was last edited on 10 October 2024, at 08:05.\nPrivacy policy\nAbout Wikitech\nDisclaimers\n");
        return b.ToString();
    }

    // ---------------------------------------------------------------- Markdown

    private static string Markdown(Incident incident)
    {
        var b = new StringBuilder();
        b.Append("# Postmortem: ").Append(incident.Service).Append(" outage in ").Append(incident.Site).Append(" (").Append(incident.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(")\n\n");
        b.Append("**Status:** final  \n**Incident task:** [").Append(incident.Task).Append("](https://phabricator.wikimedia.org/").Append(incident.Task).Append(")  \n");
        b.Append("**Start:** ").Append(Time(incident.Start, true)).Append(" UTC  \n**End:** ").Append(Time(incident.End, true)).Append(" UTC\n\n");
        b.Append("## Summary\n\n");
        foreach (var paragraph in incident.Summary)
        {
            b.Append(paragraph).Append(" More in the [dashboard](https://grafana.example.org/d/").Append(incident.Service).Append(").\n\n");
        }

        b.Append("## Timeline\n\nAll times in UTC.\n\n");
        foreach (var (at, text) in incident.Timeline)
        {
            b.Append("- **").Append(Time(at, false)).Append("** ").Append(text.Replace("<", "`<", StringComparison.Ordinal).Replace(">", ">`", StringComparison.Ordinal)).Append('\n');
        }

        b.Append("\n## What went wrong?\n\n");
        foreach (var line in incident.WentPoorly)
        {
            b.Append("- ").Append(line).Append('\n');
        }

        b.Append("\n## What went well?\n\n");
        foreach (var line in incident.WentWell)
        {
            b.Append("* ").Append(line).Append('\n');
        }

        switch (incident.ActionStyle)
        {
            case 0:
                b.Append("\n## ").Append(incident.ActionHeading).Append("\n\n");
                foreach (var action in incident.Actions)
                {
                    b.Append("- [").Append(action.Done == true ? 'x' : ' ').Append("] ").Append(action.Title);
                    if (action.Task is not null)
                    {
                        b.Append(" ([").Append(action.Task).Append("](https://phabricator.wikimedia.org/").Append(action.Task).Append("))");
                    }

                    b.Append('\n');
                    if (action.Detail is not null)
                    {
                        b.Append("  - ").Append(action.Detail).Append('\n');
                    }
                }

                break;
            case 1:
                b.Append("\n## ").Append(incident.ActionHeading).Append("\n\n| Action | Owner | Ticket | Status |\n|---|---|---|---|\n");
                foreach (var action in incident.Actions)
                {
                    b.Append("| ").Append(action.Title).Append(" | ").Append(action.Owner ?? "").Append(" | ").Append(action.Task ?? "")
                        .Append(" | ").Append(action.Done switch { true => "Done", false => "Open", _ => "" }).Append(" |\n");
                }

                break;
            case 2:
                b.Append("\n## ").Append(incident.ActionHeading).Append("\n\n");
                var n = 1;
                foreach (var action in incident.Actions)
                {
                    var title = action.Done == true ? "~~" + action.Title + "~~" : action.Title;
                    b.Append(n++).Append(". ").Append(title);
                    if (action.Task is not null)
                    {
                        b.Append(" — ").Append(action.Task);
                    }

                    b.Append('\n');
                    if (action.SubTask is not null)
                    {
                        b.Append("   - ").Append(action.SubTask).Append(" @").Append(action.Owner ?? "carol").Append('\n');
                    }
                }

                break;
            default:
                b.Append("\n## Prevention Measures\n\n");
                foreach (var action in incident.Actions.Take(4))
                {
                    b.Append("**").Append(action.Title).Append("**\n\n").Append(action.Detail ?? "The recommended action here is to " + action.Title.ToLowerInvariant() + ".")
                        .Append(" We should also review it in six months.\n\n");
                }

                break;
        }

        b.Append("\n## Scorecard\n\n| Category | Question | Answer | Notes |\n|---|---|---|---|\n");
        foreach (var (category, question, answer, note) in incident.Scorecard)
        {
            b.Append("| ").Append(category).Append(" | ").Append(question).Append(" | ").Append(answer).Append(" | ").Append(note).Append(" |\n");
        }

        return b.ToString();
    }

    // ---------------------------------------------------------------- HTML

    private static string Html(Incident incident)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Incidents/").Append(E(incident.Slug)).Append(" - Wikitech</title>\n");
        b.Append("<link rel=\"stylesheet\" href=\"/w/load.php?modules=site.styles\"></head>\n<body class=\"mediawiki\">\n");
        b.Append("<div id=\"mw-navigation\"><ul><li><a href=\"/wiki/Main_Page\">Main page</a></li><li><a href=\"/wiki/Special:RecentChanges\">Recent changes</a></li><li><a href=\"/wiki/Special:Random\">Random page</a></li></ul></div>\n");
        b.Append("<div id=\"content\"><h1 id=\"firstHeading\">Incidents/").Append(E(incident.Slug)).Append("</h1>\n<div id=\"bodyContent\"><div id=\"siteSub\">From Wikitech</div>\n");
        b.Append("<table class=\"wikitable\"><tr><th>Incident ID</th><td>").Append(E(incident.Slug)).Append("</td><th>Start</th><td>").Append(Time(incident.Start, true)).Append("</td></tr>\n");
        b.Append("<tr><th>Task</th><td><a href=\"https://phabricator.wikimedia.org/").Append(incident.Task).Append("\">").Append(incident.Task).Append("</a></td><th>End</th><td>").Append(Time(incident.End, true)).Append("</td></tr></table>\n");
        b.Append("<h2><span class=\"mw-headline\" id=\"Summary\">Summary</span></h2>\n");
        foreach (var paragraph in incident.Summary)
        {
            b.Append("<p>").Append(E(paragraph)).Append("</p>\n");
        }

        b.Append("<h2><span class=\"mw-headline\" id=\"Timeline\">Timeline</span></h2>\n<p>All times in UTC.</p>\n<ul>\n");
        foreach (var (at, text) in incident.Timeline)
        {
            b.Append("<li>").Append(Time(at, false)).Append(' ').Append(E(text)).Append("</li>\n");
        }

        b.Append("</ul>\n<h2><span class=\"mw-headline\" id=\"What_went_poorly\">What went poorly?</span></h2>\n<ul>");
        foreach (var line in incident.WentPoorly)
        {
            b.Append("<li>").Append(E(line)).Append("</li>");
        }

        b.Append("</ul>\n<h2><span class=\"mw-headline\" id=\"Actionables\">").Append(E(incident.ActionHeading)).Append("</span></h2>\n");
        if (incident.ActionStyle % 2 == 1)
        {
            b.Append("<table class=\"wikitable\">\n<tr><th>Action</th><th>Owner</th><th>Task</th><th>Status</th></tr>\n");
            foreach (var action in incident.Actions)
            {
                b.Append("<tr><td>").Append(E(action.Title)).Append("</td><td>").Append(action.Owner ?? "").Append("</td><td>");
                if (action.Task is not null)
                {
                    b.Append("<a href=\"https://phabricator.wikimedia.org/").Append(action.Task).Append("\">").Append(action.Task).Append("</a>");
                }

                b.Append("</td><td>").Append(action.Done switch { true => "Resolved", false => "Open", _ => "" }).Append("</td></tr>\n");
            }

            b.Append("</table>\n");
        }
        else
        {
            b.Append(incident.ActionStyle == 2 ? "<ol>\n" : "<ul>\n");
            foreach (var action in incident.Actions)
            {
                b.Append("<li>").Append(action.Done == true ? "<s>" + E(action.Title) + "</s>" : E(action.Title));
                if (action.Task is not null)
                {
                    b.Append(" <a href=\"https://phabricator.wikimedia.org/").Append(action.Task).Append("\">").Append(action.Task).Append("</a>");
                }

                if (action.Detail is not null)
                {
                    b.Append("\n<ul><li>").Append(E(action.Detail)).Append("</li></ul>");
                }

                b.Append("</li>\n");
            }

            b.Append(incident.ActionStyle == 2 ? "</ol>\n" : "</ul>\n");
        }

        b.Append("<h2><span class=\"mw-headline\" id=\"Scorecard\">Scorecard</span></h2>\n<table class=\"wikitable\">\n<tr><th></th><th>Question</th><th>Answer (yes/no)</th><th>Notes</th></tr>\n");
        foreach (var (category, question, answer, note) in incident.Scorecard)
        {
            b.Append("<tr><td>").Append(category).Append("</td><td>").Append(E(question)).Append("</td><td>").Append(answer).Append("</td><td>").Append(E(note)).Append("</td></tr>\n");
        }

        b.Append("</table>\n</div></div>\n<div id=\"footer\"><ul><li>This page was last edited on 10 October 2024, at 08:05.</li><li><a href=\"/wiki/Privacy\">Privacy policy</a></li></ul></div>\n</body></html>\n");
        return b.ToString();
    }
}
