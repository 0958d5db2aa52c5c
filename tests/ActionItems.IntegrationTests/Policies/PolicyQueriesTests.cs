using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;

namespace ActionItems.IntegrationTests.Policies;

/// <summary>The GraphQL adapter: <c>policies</c> and <c>policyViolations</c> over the real host (the rules' SQL is tested in PolicyViolationsTests).</summary>
public class PolicyQueriesTests
{
    [Fact]
    public async Task A_viewer_lists_the_configured_rules_and_the_violations_of_one_rule_and_incident()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api,
            "--Policies:Rules:0:Name=linked", "--Policies:Rules:0:Kind=LinkedWhenFinal",
            "--Policies:Rules:1:Name=urgent", "--Policies:Rules:1:Kind=ResolvedWithin", "--Policies:Rules:1:Days=3",
            "--Policies:Rules:1:Priorities=Unbreak");
        var seeded = await PolicyViolationsTests.SeedAsync(host.Database);

        var rules = (await host.PostAsync("{ policies { name kind days priorities description } }", role: Roles.Viewer))
            .Ok().GetProperty("policies").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("kind").GetString(), r.GetProperty("days").GetInt32(),
                string.Join(",", r.GetProperty("priorities").EnumerateArray().Select(p => p.GetString())), r.GetProperty("description").GetString()));
        Assert.Equal([("linked", "LINKED_WHEN_FINAL", 0, "", "Every item of a final postmortem is linked to a tracker task"),
            ("urgent", "RESOLVED_WITHIN", 3, "UNBREAK", "Every Unbreak item is resolved within 3 day(s) of being opened")], rules);

        var violations = (await host.PostAsync("""
            query($incident: ID) { policyViolations(rule: "linked", incidentId: $incident, first: 10) { item { id title incident { slug } } rule since message } }
            """, new { incident = seeded.FinalIncident.ToString(System.Globalization.CultureInfo.InvariantCulture) }, role: Roles.Viewer))
            .Ok().GetProperty("policyViolations").EnumerateArray().ToList();
        Assert.Equal(["final-unlinked", "final-broken-link"], violations.Select(v => v.GetProperty("item").GetProperty("title").GetString()));
        Assert.All(violations, v => Assert.Equal(("linked", "2026-11 final", "not linked to a tracker task, and its postmortem is final"),
            (v.GetProperty("rule").GetString(), v.GetProperty("item").GetProperty("incident").GetProperty("slug").GetString(),
                v.GetProperty("message").GetString())));
        Assert.Equal("2026-11-22T12:00:00Z", violations[0].GetProperty("since").GetString());

        var unknown = await host.PostAsync("""{ policyViolations(rule: "owners") { rule } }""", role: Roles.Viewer);
        Assert.Equal(["VALIDATION"], unknown.ErrorCodes);
        var badId = await host.PostAsync("""{ policyViolations(incidentId: "x") { rule } }""", role: Roles.Viewer);
        Assert.Equal(["VALIDATION"], badId.ErrorCodes);
    }
}
