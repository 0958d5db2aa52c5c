using System.Globalization;
using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Application.Prevention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// The prevention review over GraphQL: candidates with reasons, a verdict and its replacement, the derived scorecard
/// answer beside the written one, and refusals. The rules themselves are tested in Prevention/.
/// </summary>
[Collection(HostCollection.Name)]
public class PreventionReviewTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reviewer_lists_candidates_records_a_verdict_and_sees_the_derived_answer_disagree_with_the_written_one(
        DatabaseProvider provider)
    {
        // Age zero: the candidates query sees the items seeded after start-up at once.
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api, "--Prevention:IndexMaxAge=00:00:00");
        string earlierItem, ownItem, reviewed;
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var earlier = data.Incident("2024-10-09 calico-codfw", new DateOnly(2024, 10, 9));
            var incident = data.Incident("2025-01-15 mwscript overload", new DateOnly(2025, 1, 15));
            incident.Summary = "mwscript-k8s started thousands of kubernetes jobs";
            incident.Scorecard.Add(new ScorecardAnswer
            {
                Ordinal = 1, Category = ScorecardCategory.Process, Answer = ScorecardAnswerValue.Yes,
                Question = "To the best of your knowledge was the open task queue free of any tasks that would have prevented this incident?",
            });
            await data.SaveAsync();
            var candidate = data.Item(earlier, "Add poolcounter limits to mwscript-k8s", new DateTimeOffset(2024, 10, 10, 0, 0, 0, TimeSpan.Zero));
            var own = data.Item(incident, "Limit mwscript-k8s jobs", new DateTimeOffset(2025, 1, 16, 0, 0, 0, TimeSpan.Zero));
            await data.SaveAsync();
            (earlierItem, ownItem, reviewed) = (Id(candidate.Id), Id(own.Id), Id(incident.Id));
        }

        // The index was built at start-up (GraphQLHost waits for that); the first query only follows the items seeded since.
        var index = host.Host.Host.Services.GetRequiredService<CandidateIndex>();
        Assert.Equal(1, index.Builds);
        var candidates = (await host.PostAsync(
            "query($id: ID!) { preventionCandidates(incidentId: $id) { score matchedTerms item { id } } }", new { id = reviewed }))
            .Ok().GetProperty("preventionCandidates");
        Assert.Equal(1, index.Builds);
        var only = Assert.Single(candidates.EnumerateArray());
        Assert.Equal(earlierItem, only.GetProperty("item").GetProperty("id").GetString());
        Assert.True(only.GetProperty("score").GetDouble() > 0);
        Assert.Contains("mwscript", only.GetProperty("matchedTerms").EnumerateArray().Select(t => t.GetString()));

        const string Record = """
            mutation($incident: ID!, $item: ID!, $verdict: PreventionVerdict!) {
              recordPreventionVerdict(incidentId: $incident, itemId: $item, verdict: $verdict, note: "would have capped the jobs") {
                review { verdict reviewer note supersededAt item { id } } errors { code field }
              }
            }
            """;
        await host.PostAsync(Record, new { incident = reviewed, item = earlierItem, verdict = "NOT_RELATED" }, role: "triager");
        var recorded = (await host.PostAsync(Record, new { incident = reviewed, item = earlierItem, verdict = "WOULD_HAVE_PREVENTED" }, role: "triager"))
            .Ok().GetProperty("recordPreventionVerdict");
        Assert.Equal(0, recorded.GetProperty("errors").GetArrayLength());
        Assert.Equal(("WOULD_HAVE_PREVENTED", "token:test-triager"),
            (recorded.GetProperty("review").GetProperty("verdict").GetString(), recorded.GetProperty("review").GetProperty("reviewer").GetString()));

        var incidentView = (await host.PostAsync("""
            query($id: ID!) { incident(id: $id) {
              preventionVerdicts { verdict }
              history: preventionVerdicts(includeSuperseded: true) { verdict supersededAt }
              openTaskQueueAnswer { derivedAnswer writtenAnswer { answer } verdicts disagreement } } }
            """, new { id = reviewed })).Ok().GetProperty("incident");
        Assert.Equal(["WOULD_HAVE_PREVENTED"], incidentView.GetProperty("preventionVerdicts").EnumerateArray().Select(v => v.GetProperty("verdict").GetString()));
        Assert.Equal(["NOT_RELATED", "WOULD_HAVE_PREVENTED"], incidentView.GetProperty("history").EnumerateArray().Select(v => v.GetProperty("verdict").GetString()));
        var answer = incidentView.GetProperty("openTaskQueueAnswer");
        Assert.Equal(("NO", "YES", 1, true), (answer.GetProperty("derivedAnswer").GetString(),
            answer.GetProperty("writtenAnswer").GetProperty("answer").GetString(), answer.GetProperty("verdicts").GetInt32(),
            answer.GetProperty("disagreement").GetBoolean()));

        var ownRefused = (await host.PostAsync(Record, new { incident = reviewed, item = ownItem, verdict = "NOT_RELATED" }, role: "triager"))
            .Ok().GetProperty("recordPreventionVerdict");
        Assert.Equal(("VALIDATION", "itemId"), (ownRefused.GetProperty("errors")[0].GetProperty("code").GetString(),
            ownRefused.GetProperty("errors")[0].GetProperty("field").GetString()));
        var unknownItem = (await host.PostAsync(Record, new { incident = reviewed, item = "999999", verdict = "NOT_RELATED" }, role: "triager"))
            .Ok().GetProperty("recordPreventionVerdict");
        Assert.Equal("NOT_FOUND", unknownItem.GetProperty("errors")[0].GetProperty("code").GetString());
        var badVerdict = await host.PostAsync(Record, new { incident = reviewed, item = earlierItem, verdict = "MAYBE" }, role: "triager");
        Assert.NotEmpty(badVerdict.ErrorCodes);
        var asViewer = await host.PostAsync(Record, new { incident = reviewed, item = earlierItem, verdict = "NOT_RELATED" }, role: "viewer");
        Assert.Equal(["FORBIDDEN"], asViewer.ErrorCodes);
        var unknownIncident = await host.PostAsync("{ preventionCandidates(incidentId: 999999) { score } }");
        Assert.Equal(["NOT_FOUND"], unknownIncident.ErrorCodes);

        await using var check = host.Database.CreateContext();
        Assert.Equal(2, await check.PreventionReviews.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scorecard_checks_derive_the_task_and_owner_answers_beside_the_written_ones_for_a_page_of_incidents(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var withTask = data.Incident("2025-01-05 db-outage", new DateOnly(2025, 1, 5));
            withTask.TaskRef = "T376795";
            withTask.Scorecard.Add(new ScorecardAnswer
            {
                Ordinal = 1, Category = ScorecardCategory.Process, Answer = ScorecardAnswerValue.Yes, Question = "Is there a phabricator task for the incident?",
            });
            withTask.Scorecard.Add(new ScorecardAnswer
            {
                Ordinal = 2, Category = ScorecardCategory.Process, Answer = ScorecardAnswerValue.Yes, Question = "Are the documented action items assigned?",
            });
            var withoutItems = data.Incident("2025-02-10 net-flap", new DateOnly(2025, 2, 10));
            var bob = data.Person("Bob");
            await data.SaveAsync();
            var owned = data.Item(withTask, "Alert on replication lag", TestData.T0);
            owned.SetOwner(bob, TestData.At(TestData.T0));
            data.Item(withTask, "Add disk to the primary", TestData.T0);
            await data.SaveAsync();
        }

        host.SqlCommands.Reset();
        var incidents = (await host.PostAsync("""
            { incidents(first: 10) { items { slug scorecardChecks { question derivedAnswer writtenAnswer { answer } basis disagreement } } } }
            """)).Ok().GetProperty("incidents").GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("slug").GetString()!, i => i.GetProperty("scorecardChecks").EnumerateArray().ToList());

        static (string?, string?, bool) Check(List<System.Text.Json.JsonElement> checks, string question)
        {
            var check = checks.Single(c => c.GetProperty("question").GetString() == question);
            return (check.GetProperty("derivedAnswer").GetString(),
                check.GetProperty("writtenAnswer").ValueKind == System.Text.Json.JsonValueKind.Null ? null
                    : check.GetProperty("writtenAnswer").GetProperty("answer").GetString(),
                check.GetProperty("disagreement").GetBoolean());
        }
        var dbOutage = incidents["2025-01-05 db-outage"];
        Assert.Equal(("YES", "YES", false), Check(dbOutage, "Is there a phabricator task for the incident?"));
        Assert.Equal(("NO", "YES", true), Check(dbOutage, "Are the documented action items assigned?"));
        Assert.Contains("1 of 2", dbOutage.Single(c => c.GetProperty("question").GetString()!.StartsWith("Are", StringComparison.Ordinal))
            .GetProperty("basis").GetString(), StringComparison.Ordinal);
        var netFlap = incidents["2025-02-10 net-flap"];
        Assert.Equal(("NO", null, false), Check(netFlap, "Is there a phabricator task for the incident?"));
        Assert.Equal((null, null, false), Check(netFlap, "Are the documented action items assigned?"));
        // The page, then one query each for the incidents' task refs, item counts, verdicts and scorecards.
        Assert.Equal(5, host.SqlCommands.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_open_task_queue_answer_and_the_scorecard_checks_share_one_read_of_verdicts_and_scorecards(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var earlier = data.Incident("2024-10-09 calico-codfw", new DateOnly(2024, 10, 9));
            var incident = data.Incident("2025-01-15 mwscript overload", new DateOnly(2025, 1, 15));
            incident.Scorecard.Add(new ScorecardAnswer
            {
                Ordinal = 1, Category = ScorecardCategory.Process, Answer = ScorecardAnswerValue.Yes,
                Question = PreventionQuestion,
            });
            await data.SaveAsync();
            var candidate = data.Item(earlier, "Add poolcounter limits to mwscript-k8s", new DateTimeOffset(2024, 10, 10, 0, 0, 0, TimeSpan.Zero));
            await data.SaveAsync();
            db.PreventionReviews.Add(new PreventionReview
            {
                IncidentId = incident.Id, CandidateActionItemId = candidate.Id, Verdict = PreventionVerdict.WouldHavePrevented,
                Reviewer = "token:test-triager", At = TestData.T0,
            });
            await data.SaveAsync();
        }

        host.SqlCommands.Reset();
        var items = (await host.PostAsync("""
            { incidents(first: 10) { items { slug
                openTaskQueueAnswer { derivedAnswer writtenAnswer { answer } disagreement }
                scorecardChecks { question derivedAnswer writtenAnswer { answer } disagreement } } } }
            """)).Ok().GetProperty("incidents").GetProperty("items").EnumerateArray().ToList();

        var reviewed = items.Single(i => i.GetProperty("slug").GetString() == "2025-01-15 mwscript overload");
        var answer = reviewed.GetProperty("openTaskQueueAnswer");
        var check = reviewed.GetProperty("scorecardChecks").EnumerateArray().Single(c => c.GetProperty("question").GetString() == PreventionQuestion);
        Assert.Equal(("NO", "YES", true), (answer.GetProperty("derivedAnswer").GetString(),
            answer.GetProperty("writtenAnswer").GetProperty("answer").GetString(), answer.GetProperty("disagreement").GetBoolean()));
        Assert.Equal(answer.GetProperty("derivedAnswer").GetString(), check.GetProperty("derivedAnswer").GetString());
        Assert.Equal(answer.GetProperty("disagreement").GetBoolean(), check.GetProperty("disagreement").GetBoolean());
        // The page, then one query each for task refs, item counts, verdicts and scorecards, shared by both fields
        // (each field with its own reads made it 7: verdicts and scorecards twice).
        Assert.Equal(5, host.SqlCommands.Count);
    }

    private const string PreventionQuestion =
        "To the best of your knowledge was the open task queue free of any tasks that would have prevented this incident?";

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
