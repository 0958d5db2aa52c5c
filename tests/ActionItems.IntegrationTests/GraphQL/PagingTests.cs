using System.Text.Json;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// Keyset paging. The insert-while-paging test writes and has its own host; the read-only tests share one host per
/// provider on <see cref="JoinedItems"/>.
/// </summary>
[Collection(HostCollection.Name)]
public class PagingTests(PagingTests.JoinedItems fixture) : IClassFixture<PagingTests.JoinedItems>
{
    /// <summary>
    /// 13 items over 3 incidents, pairs sharing a creation instant (ties broken by id), priorities cycling; item i has
    /// i % 4 links (one per target), inserted from the last item backwards so link ids do not follow the page order.
    /// The answer: per item id, its incident's slug and its links' remote ids in link id order.
    /// </summary>
    public sealed class JoinedItems : SeededHosts<IReadOnlyDictionary<string, (string Slug, string Links)>>
    {
        protected override async Task<IReadOnlyDictionary<string, (string Slug, string Links)>> SeedAsync(TestDatabase database)
        {
            await using (var db = database.CreateContext())
            {
                var data = new TestData(db);
                var targets = Enumerable.Range(0, 3).Select(t => data.Target($"phab {t}", Core.Domain.TrackerKind.Phabricator)).ToList();
                var incidents = Enumerable.Range(0, 3).Select(i => data.Incident($"joined {i}")).ToList();
                var items = Enumerable.Range(0, 13)
                    .Select(i => data.Item(incidents[i % 3], $"item {i}", TestData.T0.AddMinutes(i / 2))).ToList();
                for (var i = 0; i < items.Count; i++)
                {
                    items[i].SetPriority((Core.Domain.Priority)(i % 3), TestData.At(TestData.T0));
                }
                await data.SaveAsync();
                for (var i = items.Count - 1; i >= 0; i--)
                {
                    for (var n = 0; n < i % 4; n++)
                    {
                        db.TrackerLinks.Add(new Core.Domain.TrackerLink { ActionItemId = items[i].Id, SyncTarget = targets[n], RemoteId = $"T{i}{n}", CreatedAt = TestData.T0 });
                    }
                }
                await data.SaveAsync();
            }
            await using var check = database.CreateContext();
            var slugs = check.Incidents.ToDictionary(n => n.Id, n => n.Slug);
            var links = check.TrackerLinks.OrderBy(l => l.Id).ToList();
            return check.ActionItems.ToList().ToDictionary(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                i => (slugs[i.IncidentId], string.Join(',', links.Where(l => l.ActionItemId == i.Id).Select(l => l.RemoteId))));
        }
    }

    private const string Page = """
        query($first: Int, $after: String, $last: Int, $before: String, $order: ActionItemOrder) {
          actionItems(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
            totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Paging_forwards_and_backwards_sees_every_item_once_while_items_are_inserted(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var incidentId = await SeedAsync(host.Database, 23);
        var original = await AllIdsAsync(host.Database);

        foreach (var order in (string[])["CREATED_ASC", "CREATED_DESC", "PRIORITY_DESC", "UPDATED_ASC"])
        {
            // Forwards, with an insert between every page.
            var seen = new List<long>();
            string? after = null;
            while (true)
            {
                var connection = (await host.PostAsync(Page, new { first = 4, after, order })).Ok().GetProperty("actionItems");
                seen.AddRange(Ids(connection));
                await InsertAsync(host.Database, incidentId);
                var info = connection.GetProperty("pageInfo");
                if (!info.GetProperty("hasNextPage").GetBoolean())
                {
                    break;
                }
                after = info.GetProperty("endCursor").GetString();
            }
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Empty(original.Except(seen));

            // Backwards from the end, again inserting between pages.
            var back = new List<long>();
            string? before = null;
            while (true)
            {
                var connection = (await host.PostAsync(Page, new { last = 5, before, order })).Ok().GetProperty("actionItems");
                back.InsertRange(0, Ids(connection));
                await InsertAsync(host.Database, incidentId);
                var info = connection.GetProperty("pageInfo");
                if (!info.GetProperty("hasPreviousPage").GetBoolean())
                {
                    break;
                }
                before = info.GetProperty("startCursor").GetString();
            }
            Assert.Equal(back.Count, back.Distinct().Count());
            Assert.Empty(original.Except(back));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Joined_incidents_and_links_sit_under_their_own_item_in_page_order_forwards_and_backwards(DatabaseProvider provider)
    {
        var (host, expected) = await fixture.GetAsync(provider);

        foreach (var order in (string[])["CREATED_ASC", "CREATED_DESC", "PRIORITY_DESC"])
        {
            var third = (await host.PostAsync(Joined("id"), new { first = 3, order })).Ok()
                .GetProperty("actionItems").GetProperty("pageInfo").GetProperty("endCursor").GetString();
            // first: 3 reads 6 rows (one page more than asked, rounded up): the extra items are dropped after folding.
            foreach (var window in (object[])[new { first = 3, order }, new { last = 5, order }, new { first = 20, order },
                         new { first = 3, after = third, order }, new { last = 2, before = third, order }])
            {
                var bare = (await host.PostAsync(Joined("id"), window)).Ok().GetProperty("actionItems");
                foreach (var fields in (string[])["id incident { slug } links { remoteId }", "id incident { slug }", "id links { remoteId }"])
                {
                    var joined = (await host.PostAsync(Joined(fields), window)).Ok().GetProperty("actionItems");
                    Assert.Equal(Ids(bare), Ids(joined));
                    Assert.Equal(bare.GetProperty("pageInfo").GetRawText(), joined.GetProperty("pageInfo").GetRawText());
                    foreach (var node in joined.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")))
                    {
                        var want = expected[node.GetProperty("id").GetString()!];
                        if (node.TryGetProperty("incident", out var incident))
                        {
                            Assert.Equal(want.Slug, incident.GetProperty("slug").GetString());
                        }
                        if (node.TryGetProperty("links", out var links))
                        {
                            Assert.Equal(want.Links, string.Join(',', links.EnumerateArray().Select(l => l.GetProperty("remoteId").GetString())));
                        }
                    }
                }
            }
        }

        static string Joined(string fields) => $$"""
            query($first: Int, $after: String, $last: Int, $before: String, $order: ActionItemOrder) {
              actionItems(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
                edges { node { {{fields}} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cursor_from_another_ordering_is_a_validation_error(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);
        var cursor = (await host.PostAsync(Page, new { first = 1, order = "CREATED_ASC" })).Ok()
            .GetProperty("actionItems").GetProperty("pageInfo").GetProperty("endCursor").GetString();

        var other = await host.PostAsync(Page, new { first = 1, after = cursor, order = "PRIORITY_DESC" });

        Assert.Equal(["VALIDATION"], other.ErrorCodes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_forged_cursor_is_a_validation_error(DatabaseProvider provider)
    {
        var host = await fixture.HostAsync(provider);

        var forged = await host.PostAsync(Page, new { first = 1, after = "not-a-cursor", order = "CREATED_ASC" });

        Assert.Equal(["VALIDATION"], forged.ErrorCodes);
    }

    private static List<long> Ids(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => long.Parse(e.GetProperty("node").GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];

    private static async Task<long> SeedAsync(TestDatabase database, int count)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("paging");
        for (var i = 0; i < count; i++)
        {
            // Pairs share a creation instant so ties must be broken by id.
            var item = data.Item(incident, $"item {i}", TestData.T0.AddMinutes(i / 2));
            item.SetPriority((Core.Domain.Priority)(i % 3), TestData.At(TestData.T0.AddMinutes(i / 2)));
        }
        await data.SaveAsync();
        return incident.Id;
    }

    private static async Task InsertAsync(TestDatabase database, long incidentId)
    {
        await using var db = database.CreateContext();
        var incident = await db.Incidents.FindAsync(incidentId);
        new TestData(db).Item(incident!, "inserted meanwhile", DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    private static async Task<List<long>> AllIdsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return [.. db.ActionItems.Select(i => i.Id)];
    }
}
