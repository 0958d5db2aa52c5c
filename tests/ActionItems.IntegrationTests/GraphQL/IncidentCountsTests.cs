using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

public class IncidentCountsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Incidents_answer_their_total_open_unassigned_and_overdue_items_from_one_grouped_query(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var busy = data.Incident("busy");
            data.Incident("quiet");
            var owner = data.Person("Alice");
            await data.SaveAsync();
            var at = TestData.At(TestData.T0);
            var overdue = data.Item(busy, "overdue and unassigned", TestData.T0);
            overdue.SetDueDate(new DateOnly(2025, 1, 1), at);
            data.Item(busy, "owned", TestData.T0).SetOwner(owner, at);
            data.Item(busy, "done", TestData.T0).SetStatus(ActionItemStatus.Resolved, at);
            data.Item(busy, "archived", TestData.T0).Archive(at);
            await data.SaveAsync();
        }

        host.SqlCommands.Reset();
        var incidents = (await host.PostAsync("""
            { incidents(first: 10) { edges { node { slug totalItems openItems unassignedItems overdueItems } } } }
            """, role: Roles.Viewer)).Ok().GetProperty("incidents").GetProperty("edges");
        var commands = host.SqlCommands.Count;

        var counts = incidents.EnumerateArray().Select(e => e.GetProperty("node")).ToDictionary(
            n => n.GetProperty("slug").GetString()!,
            n => (n.GetProperty("totalItems").GetInt32(), n.GetProperty("openItems").GetInt32(),
                n.GetProperty("unassignedItems").GetInt32(), n.GetProperty("overdueItems").GetInt32()));
        Assert.Equal((3, 2, 1, 1), counts["busy"]);
        Assert.Equal((0, 0, 0, 0), counts["quiet"]);
        // The page, and one grouped count for every incident on it and all four fields.
        Assert.Equal(2, commands);
    }
}
