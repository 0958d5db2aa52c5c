using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

[Collection(HostCollection.Name)]
public class BatchingTests
{
    private const string ItemsWithRelations = """
        query($first: Int) {
          actionItems(first: $first) {
            edges { node { title incident { slug } owner { displayName } links { remoteId syncTarget { name } } history { field } } }
          }
        }
        """;

    private const string IncidentsWithItems = """
        query($first: Int) {
          incidents(first: $first) {
            edges { node { slug actionItems(first: 3) { totalCount items { title owner { displayName } links { remoteId syncTarget { kind } } } } } }
          }
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_page_of_100_items_with_relations_costs_as_many_sql_commands_as_a_page_of_5_and_so_do_incidents_with_items(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var targets = new[] { data.Target("phab", TrackerKind.Phabricator), data.Target("gh", TrackerKind.GitHub) };
            var people = Enumerable.Range(0, 30).Select(i => data.Person($"person {i}")).ToList();
            var incidents = Enumerable.Range(0, 20).Select(i => data.Incident($"incident {i}")).ToList();
            await data.SaveAsync();
            for (var i = 0; i < 120; i++)
            {
                var item = data.Item(incidents[i % incidents.Count], $"item {i}", TestData.T0.AddMinutes(i));
                item.SetOwner(people[i % people.Count], TestData.At(TestData.T0.AddMinutes(i)));
                item.Links.Add(new TrackerLink { SyncTarget = targets[i % 2], RemoteId = i % 2 == 0 ? $"T{i + 1}" : $"o/r#{i + 1}", CreatedAt = TestData.T0 });
            }
            await data.SaveAsync();
        }

        async Task<int> CommandsForAsync(string query, string connection, int first)
        {
            host.SqlCommands.Reset();
            var page = (await host.PostAsync(query, new { first })).Ok();
            Assert.Equal(first, page.GetProperty(connection).GetProperty("edges").GetArrayLength());
            return host.SqlCommands.Count;
        }

        var fiveItems = await CommandsForAsync(ItemsWithRelations, "actionItems", 5);
        var hundredItems = await CommandsForAsync(ItemsWithRelations, "actionItems", 100);
        var twoIncidents = await CommandsForAsync(IncidentsWithItems, "incidents", 2);
        var twentyIncidents = await CommandsForAsync(IncidentsWithItems, "incidents", 20);

        // The page with its incidents and links joined in, then one command each for owners, history and
        // the links' sync targets.
        Assert.Equal(4, fiveItems);
        Assert.Equal(fiveItems, hundredItems);
        // The page, then the first items of every incident (one window query), their counts, owners, links and
        // the links' sync targets.
        Assert.Equal(6, twoIncidents);
        Assert.Equal(twoIncidents, twentyIncidents);
    }
}
