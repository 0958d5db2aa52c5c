using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;

namespace ActionItems.UnitTests.Application;

public class PreventionRankingTests
{
    [Fact]
    public void Terms_are_lower_cased_words_without_stop_words_or_numbers_and_lightly_stemmed()
    {
        Assert.Equal(["add", "poolcounter", "limit", "mwscript", "k8s", "t376795"],
            TextTerms.Of("Add the PoolCounter limits to mwscript-k8s (2024-10-09 05:01, T376795)"));
        Assert.Equal(["deploy", "deploy", "configur", "configur", "policy", "cach", "cach", "stall", "run"],
            TextTerms.Of("deploying deployed configure configured policies caches cache stalled running"));
        // -us, -is and -ss are not plurals.
        Assert.Equal(["status", "dns", "redis", "access"], TextTerms.Of("status dns redis access"));
    }

    [Fact]
    public void Words_a_report_uses_about_itself_and_url_parts_are_not_terms()
    {
        // "issue" matched every item linking an issue; "date"/"title" are metadata labels, "https"/"com" URL parts.
        Assert.Equal(["alert", "prometheus", "github", "acm"],
            TextTerms.Of("Incident: issue alert on Prometheus, https://www.github.com/acme (ticket, date, title, postmortem)"));
    }

    [Fact]
    public void A_matching_rare_word_outranks_a_common_one_and_title_words_outweigh_timeline_words()
    {
        var documents = new List<RankingDocument>
        {
            new(1, "Restart the service after deploys", null, [], null),
            new(2, "Add poolcounter limits to mwscript-k8s", null, [], null),
            new(3, "Improve service dashboards", null, [], null),
            new(4, "Tune service alerts", null, [], null),
        };
        var query = new RankingQuery().AddText("mwscript-k8s jobs overload the service", 3.0);

        var ranked = Bm25.Rank(query, documents, 10);

        Assert.Equal(2, ranked[0].Id);
        // "mwscript-k8s" is two terms, written next to each other: the pair matches too.
        Assert.Equal(["k8s", "mwscript", "mwscript k8s"], ranked[0].MatchedTerms.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(ranked, r => r.Score <= 0);

        var titleOnly = Bm25.Rank(new RankingQuery().AddText("dashboards", 3.0).AddText("alerts", 1.0), documents, 10);
        Assert.Equal([3, 4], titleOnly.Select(r => r.Id));
    }

    [Fact]
    public void An_index_of_the_query_terms_only_ranks_as_an_index_of_every_term_and_interns_no_other_word()
    {
        var documents = new List<RankingDocument>
        {
            new(1, "Restart the service after deploys", "The deploy pipeline leaves stale workers behind", ["deploy"], "deploy outage"),
            new(2, "Add poolcounter limits to mwscript-k8s", "Jobs overload the app servers during maintenance", [], null),
            new(3, "Improve service dashboards", null, ["observability"], "dashboard gaps") { References = ["acme/ops#42"] },
            new(4, "Tune service alerts", "Alerts fire on every deploy", [], null),
        };
        var query = new RankingQuery().AddText("mwscript-k8s jobs overload the service after a deploy", 3.0)
            .AddTags(["deploy"], 3.0).AddReferences(["acme/ops#42"], 10.0);
        var everyTerm = new RankingIndex();
        var queryTerms = new RankingIndex(query.Weights.Keys);
        foreach (var document in documents)
        {
            everyTerm.Add(document);
            queryTerms.Add(document);
        }

        // Words outside the query still count towards a document's length (BM25's normalisation), but get no postings.
        Assert.Equal(everyTerm.Lengths.ToArray(), queryTerms.Lengths.ToArray());
        var pipeline = Assert.Single(TextTerms.Of("pipeline"));
        Assert.True(everyTerm.TermId(pipeline) >= 0);
        Assert.Equal(-1, queryTerms.TermId(pipeline));
        var pool = new bool[documents.Count];
        Array.Fill(pool, true);
        var expected = Bm25.Rank(query, everyTerm, pool, 10);
        var ranked = Bm25.Rank(query, documents, 10);
        Assert.Equal(expected.Select(r => (r.Id, r.Score)), ranked.Select(r => (r.Id, r.Score)));
        Assert.Equal(expected.Select(r => string.Join(' ', r.MatchedTerms)), ranked.Select(r => string.Join(' ', r.MatchedTerms)));
        Assert.Equal(4, ranked.Count);
    }

    [Fact]
    public void Shared_tags_are_terms_of_their_own_and_nothing_matches_an_empty_query()
    {
        var documents = new List<RankingDocument>
        {
            new(1, "Alert on lag", null, ["kafka"], null),
            new(2, "Alert on lag", null, ["dns"], "2024-08-20 authdns"),
        };

        var ranked = Bm25.Rank(new RankingQuery().AddText("lag", 1.0).AddTags(["Kafka"], 3.0), documents, 10);

        Assert.Equal([1, 2], ranked.Select(r => r.Id));
        Assert.Contains("#kafka", ranked[0].MatchedTerms);
        Assert.Empty(Bm25.Rank(new RankingQuery().AddText("the of and", 1.0), documents, 10));
    }

    [Fact]
    public void Words_the_incident_writes_next_to_each_other_outrank_the_same_words_apart()
    {
        // The same four terms in both titles, so the same words score alike; only the second writes the phrase.
        var documents = new List<RankingDocument>
        {
            new(1, "Downtime alerts and notifications for builds", null, [], null),
            new(2, "Notifications of downtime for builds alerts", null, [], null),
        };

        var ranked = Bm25.Rank(new RankingQuery().AddText("We still have no notifications of downtime", 3.0), documents, 10);

        Assert.Equal([2, 1], ranked.Select(r => r.Id));
        Assert.Contains("notifications downtime", ranked[0].MatchedTerms);
        Assert.DoesNotContain("notifications downtime", ranked[1].MatchedTerms);
    }

    [Fact]
    public void A_github_issue_is_one_reference_term_whether_written_as_url_or_owner_repo_number_or_stored_as_a_link()
    {
        Assert.Equal(["jupyterhub/mybinder.org-deploy#611", "acme/api#7"],
            TextTerms.References("Uptime issue: https://github.com/jupyterhub/mybinder.org-deploy/issues/611, see also " +
                                 "(acme/api#7) and https://github.com/JupyterHub/mybinder.org-deploy/issues/611#comment"));
        // A pull request is a change, not the follow-up; a number alone names no repository.
        Assert.Empty(TextTerms.References("https://github.com/acme/api/pull/12 and #365"));
        Assert.Equal("jupyterhub/mybinder.org-deploy#365", TextTerms.ReferenceOfRemoteId("jupyterhub/mybinder.org-deploy#365"));
        Assert.Equal("t376795", TextTerms.ReferenceOfRemoteId("T376795"));
        Assert.Null(TextTerms.ReferenceOfRemoteId("PROJ-12"));
    }

    [Fact]
    public void An_item_linked_to_an_issue_the_incident_names_outranks_an_item_that_only_shares_a_common_word()
    {
        var documents = new List<RankingDocument>
        {
            new(1, "Improve alerts", null, [], null),
            new(2, "Set up notifications of downtime", null, [], null) { References = ["jupyterhub/mybinder.org-deploy#611"] },
            new(3, "Enable SMTP for alerts", "blocking on jupyterhub/mybinder.org-deploy#365", [], null),
        };
        var query = new RankingQuery().AddText("alerts stopped", 3.0)
            .AddReferences(TextTerms.References("https://github.com/jupyterhub/mybinder.org-deploy/issues/611 " +
                                                "https://github.com/jupyterhub/mybinder.org-deploy/issues/365"), 3.0);

        var ranked = Bm25.Rank(query, documents, 10);

        // The item naming #365 in its description and sharing a word first, the one linked to #611 next: a shared
        // issue is a rare term, so it outweighs a word two items share.
        Assert.Equal([3, 2, 1], ranked.Select(r => r.Id));
        Assert.Equal(["jupyterhub/mybinder.org-deploy#611"], ranked[1].MatchedTerms);
    }

    [Fact]
    public void The_derived_answer_is_no_with_a_would_have_prevented_verdict_yes_with_only_others_and_none_without()
    {
        Assert.Equal(ScorecardAnswerValue.No,
            PreventionScorecard.Derive([PreventionVerdict.NotRelated, PreventionVerdict.WouldHavePrevented]));
        Assert.Equal(ScorecardAnswerValue.Yes,
            PreventionScorecard.Derive([PreventionVerdict.NotRelated, PreventionVerdict.WouldHaveMitigated]));
        Assert.Null(PreventionScorecard.Derive([]));

        Assert.True(PreventionScorecard.Disagree(ScorecardAnswerValue.No, ScorecardAnswerValue.Yes));
        Assert.False(PreventionScorecard.Disagree(ScorecardAnswerValue.No, ScorecardAnswerValue.No));
        Assert.False(PreventionScorecard.Disagree(ScorecardAnswerValue.No, ScorecardAnswerValue.Unknown));
        Assert.False(PreventionScorecard.Disagree(null, ScorecardAnswerValue.Yes));
    }

    [Fact]
    public void The_written_answer_is_the_scorecard_question_about_tasks_that_would_have_prevented_the_incident()
    {
        ScorecardAnswer Answer(string question) => new() { Question = question, Answer = ScorecardAnswerValue.Yes };
        var scorecard = new[]
        {
            Answer("Were the people who responded prepared enough to respond effectively"),
            Answer("To the best of your knowledge was the open task queue free of any tasks that would have prevented this incident?"),
        };

        Assert.Same(scorecard[1], PreventionScorecard.Written(scorecard));
        Assert.Null(PreventionScorecard.Written(scorecard[..1]));
    }
}
