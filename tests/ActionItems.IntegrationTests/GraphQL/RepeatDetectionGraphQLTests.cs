using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// similarIncidents and recurringActionables over GraphQL: the answers, and specific errors for bad arguments. The
/// ranking and clustering rules are tested in Prevention/RepeatDetectionTests.
/// </summary>
[Collection(HostCollection.Name)]
public class RepeatDetectionGraphQLTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reviewer_sees_the_repeat_incident_and_the_recurring_remediation_idea_and_bad_arguments_are_refused(
        DatabaseProvider provider)
    {
        // Age zero: the incidents are written after the start-up warm-up built the index, and queried at once.
        await using var host = await GraphQLHost.StartAsync(provider, HostRole.Api, "--Prevention:IndexMaxAge=00:00:00");
        string reviewed, earlier;
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var first = data.Incident("2024-10-09 calico-codfw", new DateOnly(2024, 10, 9));
            first.Summary = "Calico BGP sessions flapped on codfw kubernetes nodes";
            var other = data.Incident("2024-11-02 swift-disks", new DateOnly(2024, 11, 2));
            other.Summary = "Swift object storage disks filled up";
            var incident = data.Incident("2025-01-15 calico-again", new DateOnly(2025, 1, 15));
            incident.Summary = "Calico BGP sessions dropped again in codfw";
            await data.SaveAsync();
            data.Item(first, "Improve deployment documentation", TestData.T0);
            data.Item(other, "Improve the deployment documentation for new services", TestData.T0);
            data.Item(incident, "Deployment documentation must be improved", TestData.T0)
                .SetStatus(ActionItemStatus.Resolved, TestData.At(TestData.T0.AddDays(1)));
            await data.SaveAsync();
            (reviewed, earlier) = (incident.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var similar = (await host.PostAsync(
            "query($id: ID!) { similarIncidents(incidentId: $id, first: 5) { score matchedTerms incident { id slug } } }", new { id = reviewed }))
            .Ok().GetProperty("similarIncidents").EnumerateArray().ToList();
        Assert.Equal(earlier, similar[0].GetProperty("incident").GetProperty("id").GetString());
        Assert.Contains("calico", similar[0].GetProperty("matchedTerms").EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain(similar, s => s.GetProperty("incident").GetProperty("id").GetString() == reviewed);

        var cluster = Assert.Single((await host.PostAsync(
                "{ recurringActionables { representativeTitle itemCount incidentCount openCount items { title incident { slug } } } }"))
            .Ok().GetProperty("recurringActionables").EnumerateArray());
        Assert.Equal("Improve deployment documentation", cluster.GetProperty("representativeTitle").GetString());
        Assert.Equal((3, 3, 2), (cluster.GetProperty("itemCount").GetInt32(), cluster.GetProperty("incidentCount").GetInt32(),
            cluster.GetProperty("openCount").GetInt32()));

        Assert.Equal(["NOT_FOUND"], (await host.PostAsync("{ similarIncidents(incidentId: 999999) { score } }")).ErrorCodes);
        Assert.Equal(["VALIDATION"], (await host.PostAsync($"{{ similarIncidents(incidentId: {reviewed}, first: 101) {{ score }} }}")).ErrorCodes);
        Assert.Equal(["VALIDATION"], (await host.PostAsync("{ recurringActionables(first: 0) { itemCount } }")).ErrorCodes);
        Assert.Equal(["VALIDATION"], (await host.PostAsync("{ recurringActionables(minIncidents: 1) { itemCount } }")).ErrorCodes);
    }
}
