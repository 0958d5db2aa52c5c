using ActionItems.Application.Prevention;

namespace ActionItems.UnitTests.Application;

public class NamedIncidentsTests
{
    private static readonly IncidentReferenceKey Later = new(10, "Hellman Kubernetes cluster node deletion",
        "https://github.com/acme/postmortems/blob/main/PM2019-010%20-%20Hellman%20Kubernetes%20cluster%20node%20deletion.md", new DateOnly(2019, 12, 4));

    private static readonly IncidentReferenceKey Starvation = new(1, "Kubernetes network infrastructure IP starvation",
        "https://github.com/acme/postmortems/blob/0123abc/PM2019-009%20-%20Kubernetes%20network%20infrastructure%20IP%20starvation.md", new DateOnly(2019, 11, 29));

    private static readonly IncidentReferenceKey ProxyDeath = new(2, "Proxy eviction strands user",
        "https://github.com/acme/datahub/blob/0123abc/docs/incidents/2017-02-24-proxy-death-incident.qmd", new DateOnly(2017, 2, 24));

    private static readonly IncidentReferenceKey Metrics = new(3, "Metrics pipeline stalls for hours",
        "https://github.com/acme/ops/blob/main/reports/2019-06-01-metrics.md", new DateOnly(2019, 6, 1));

    private static IReadOnlyList<long> Named(string document, IncidentReferenceKey self, params IncidentReferenceKey[] others) =>
        [.. NamedIncidents.Find(document, self, [self, .. others]).Select(n => n.IncidentId)];

    [Fact]
    public void A_link_to_an_earlier_report_names_it_by_url_or_file_name_with_evidence_a_reviewer_reads()
    {
        // The link points at another branch than the stored source: the file name is what both share.
        var found = NamedIncidents.Find(
            "Pods could not be scheduled (see post-mortem [starvation][s]).\n\n[s]: https://github.com/acme/postmortems/blob/master/PM2019-009%20-%20Kubernetes%20network%20infrastructure%20IP%20starvation.md\n",
            Later, [Later, Starvation, ProxyDeath]);

        var named = Assert.Single(found);
        Assert.Equal(1, named.IncidentId);
        Assert.False(named.ByDateOnly);
        Assert.Equal("names incident 2019-11-29 \"Kubernetes network infrastructure IP starvation\" (link to its report, identifier PM2019-009)", named.Evidence);

        // A relative link to a copy with another extension (.md beside .qmd) names the same report.
        var later = new IncidentReferenceKey(11, "Too many volumes", null, new DateOnly(2017, 3, 20));
        Assert.Equal([2], Named("Requests failed with a 599 timeout (similar to [an earlier incident](2017-02-24-proxy-death-incident.md)).", later, ProxyDeath, Starvation));
    }

    [Fact]
    public void A_link_to_an_unrelated_page_or_a_file_name_several_incidents_share_names_no_incident()
    {
        var document = "See https://github.com/uswitch/kiam/blob/master/docs/METRICS.md and [the runbook](https://wiki.example.org/ops/index.html), " +
                       "upstream https://github.com/acme/ops/issues/611, [README](../README.md) and [the report](https://git.example.org/a/incident-report.md).";
        var reportA = new IncidentReferenceKey(4, "Disk full on the primary", "https://git.example.org/a/incident-report.md", new DateOnly(2019, 1, 1));
        var reportB = new IncidentReferenceKey(5, "Certificates expired on edge", "https://git.example.org/b/incident-report.md", new DateOnly(2019, 2, 1));

        Assert.Empty(Named(document, Later, Metrics, reportA, reportB, Starvation));
    }

    [Fact]
    public void An_identifier_leading_another_reports_file_name_or_title_names_it_but_versions_and_sizes_do_not()
    {
        Assert.Equal([1], Named("putting the cluster back into the state described in the PM2019-009 postmortem", Later, Starvation, ProxyDeath));
        Assert.Equal([1], Named("as in pm-2019_009", Later, Starvation));
        var titled = new IncidentReferenceKey(6, "INC-1234: cache stampede on login", null, new DateOnly(2019, 5, 5));
        Assert.Equal([6], Named("The INC-1234 follow-up was never finished.", Later, titled));

        // Its own identifier, versions, sizes and short task numbers name nothing.
        var versioned = new IncidentReferenceKey(7, "v120 upgrade of the cluster control plane", null, new DateOnly(2019, 3, 3));
        Assert.Empty(Named("PM2019-010: upgrade from v1.20 to v1.21 on k8s, 3 T4 nodes, ipv6", Later, versioned, ProxyDeath));
    }

    [Fact]
    public void A_date_names_an_earlier_incident_of_that_day_but_a_timeline_date_without_one_or_after_the_start_does_not()
    {
        var self = new IncidentReferenceKey(20, "Online forum outage", null, new DateOnly(2026, 4, 20));
        var forum = new IncidentReferenceKey(21, "Online forum outages", null, new DateOnly(2026, 4, 17));
        var sameDay = new IncidentReferenceKey(22, "Andon alert false positive", null, new DateOnly(2026, 4, 20));
        var later = new IncidentReferenceKey(23, "Mail relay down", null, new DateOnly(2026, 5, 2));

        // A written date without a year is its latest occurrence before the incident.
        var found = NamedIncidents.Find("Same bot source as April 17 incident.", self, [self, forum, sameDay, later]);
        Assert.Equal("names incident 2026-04-17 \"Online forum outages\" (date April 17)", Assert.Single(found).Evidence);
        Assert.True(Assert.Single(found).ByDateOnly);
        Assert.Equal([21], Named("The outage on the 17th of April 2026 was the same.", self, forum));
        Assert.Equal([21], Named("| 2026-04-17 09:00 | first seen |", self, forum));

        // Timeline dates: the incident's own day (another incident that day is no earlier one), a day no incident had, a
        // later day.
        var timeline = "| 2026-04-20 10:00 | alert fired |\n| 2026-04-19 23:50 | deploy |\n| May 2, 2026 | follow-up review |";
        Assert.Empty(Named(timeline, self, forum, sameDay, later));

        // A day several incidents share is no reference to one of them; without a date of its own nothing is earlier.
        var crowded = Enumerable.Range(30, NamedIncidents.MaxIncidentsPerDate + 1)
            .Select(id => new IncidentReferenceKey(id, $"Outage number {id}", null, new DateOnly(2026, 4, 17))).ToArray();
        Assert.Empty(Named("as on 2026-04-17", self, crowded));
        Assert.Empty(Named("Same bot source as April 17 incident.", self with { Date = null }, forum));
    }

    [Fact]
    public void A_title_written_in_the_report_or_an_earlier_report_of_the_same_title_is_named_but_a_short_or_later_one_is_not()
    {
        var self = new IncidentReferenceKey(40, "All services returning 503 in Kubernetes",
            "https://github.com/acme/postmortems/blob/main/PM2021-006%20-%20All%20services%20returning%20503%20in%20Kubernetes.md", new DateOnly(2021, 6, 30));
        var first = new IncidentReferenceKey(41, "All services returning 503 in Kubernetes", null, new DateOnly(2021, 6, 22));
        var afterwards = new IncidentReferenceKey(42, "All services returning 503 in Kubernetes", null, new DateOnly(2021, 7, 2));
        Assert.Equal([41], Named("# All services returning 503 in Kubernetes\n\nA second occurrence.", self, first, afterwards));

        // The same file-name title under another identifier, with another heading.
        var flux = new IncidentReferenceKey(43, "Flux unintended version update",
            "https://github.com/acme/postmortems/blob/main/PM2021-002%20-%20Flux%20version%20bump%20causing%20component%20downtime.md", new DateOnly(2021, 2, 15));
        var fluxAgain = new IncidentReferenceKey(44, "Flux version update failed",
            "https://github.com/acme/postmortems/blob/main/PM2021-003%20-%20Flux%20version%20bump%20causing%20component%20downtime.md", new DateOnly(2021, 2, 19));
        Assert.Equal([43], Named("Nothing names it in the text.", fluxAgain, flux));

        Assert.Equal([1], Named("Like Kubernetes network infrastructure IP starvation before it.", Later, Starvation));
        var shortTitle = new IncidentReferenceKey(45, "DNS down", null, new DateOnly(2019, 1, 1));
        Assert.Empty(Named("Afterwards DNS down alerts fired.", Later, shortTitle));
    }

    [Fact]
    public void The_items_of_a_named_incident_carry_its_term_and_outrank_items_sharing_only_words_with_the_evidence_shown()
    {
        var query = new RankingQuery().AddText("alerting did not fire for the ingress outage", 3.0)
            .AddNamedIncident(new NamedIncident(7, "names incident 2018-07-08 \"Podsnips aplenty\" (link to its report)"), IncidentQuery.NamedIncidentWeight);
        var documents = new List<RankingDocument>
        {
            new(1, "Improve ingress alerting", null, [], null),
            new(2, "Set up notifications of downtime", null, [], null) { References = [RankingQuery.NamedIncidentTerm(7)] },
            new(3, "Document the ingress controller", null, [], null),
        };

        var ranked = Bm25.Rank(query, documents, 10);

        Assert.Equal(2, ranked[0].Id);
        Assert.Equal(["names incident 2018-07-08 \"Podsnips aplenty\" (link to its report)"], ranked[0].MatchedTerms);
        Assert.Equal("incident:7", query.NamedIncidentTerms[7]);
    }

    [Fact]
    public void A_named_incident_is_evidence_beyond_the_saturation_of_words_unless_only_a_date_names_it()
    {
        // Many shared words of the title against one explicit reference: the reference wins; named by a date alone, not.
        var words = "ingress alerting failed during the certificate rotation";
        var documents = new List<RankingDocument>
        {
            new(1, "Improve ingress alerting during certificate rotation", null, [], null),
            new(2, "Set up notifications of downtime", null, [], null) { References = [RankingQuery.NamedIncidentTerm(7)] },
            new(3, "Document the database failover", null, [], null),
            new(4, "Rotate the database credentials", null, [], null),
        };
        var byLink = new RankingQuery().AddText(words, IncidentQuery.TitleWeight)
            .AddNamedIncident(new NamedIncident(7, "names incident 2018-07-08 \"Podsnips aplenty\" (link to its report)"), IncidentQuery.NamedIncidentWeight);
        var byDate = new RankingQuery().AddText(words, IncidentQuery.TitleWeight)
            .AddNamedIncident(new NamedIncident(7, "names incident 2018-07-08 \"Podsnips aplenty\" (date July 8)", ByDateOnly: true), IncidentQuery.NamedIncidentWeight);

        Assert.True(byLink.IsEvidence(RankingQuery.NamedIncidentTerm(7)));
        Assert.Equal(2, Bm25.Rank(byLink, documents, 10)[0].Id);
        Assert.False(byDate.IsEvidence(RankingQuery.NamedIncidentTerm(7)));
        Assert.Equal(1, Bm25.Rank(byDate, documents, 10)[0].Id);
    }
}
