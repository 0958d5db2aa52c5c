using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

public class StatsGroupingTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stats_group_by_incident_opened_month_resolved_month_and_quarter_and_by_a_second_dimension(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var dbOutage = data.Incident("db-outage");
            var netFlap = data.Incident("net-flap");
            await data.SaveAsync();
            var january = TestData.T0; // 2025-01-06
            var april = new DateTimeOffset(2025, 4, 2, 9, 0, 0, TimeSpan.Zero);
            var a = data.Item(dbOutage, "a", january);
            a.SetTeam("sre", TestData.At(january));
            var b = data.Item(dbOutage, "b", january);
            b.SetTeam("sre", TestData.At(january));
            b.SetStatus(ActionItemStatus.Resolved, TestData.At(january.AddDays(30)));
            var c = data.Item(netFlap, "c", april);
            c.SetTeam("net", TestData.At(april));
            await data.SaveAsync();
        }

        async Task<List<JsonElement>> StatsAsync(string arguments) =>
            [.. (await host.PostAsync($$"""{ actionItemStats({{arguments}}) { key label count openCount groups { key count openCount } } }""",
                role: Roles.Viewer)).Ok().GetProperty("actionItemStats").EnumerateArray()];
        static (string?, int, int) Row(JsonElement g) =>
            (g.GetProperty("key").GetString(), g.GetProperty("count").GetInt32(), g.GetProperty("openCount").GetInt32());

        var byIncident = await StatsAsync("groupBy: INCIDENT");
        var byMonth = await StatsAsync("groupBy: CREATED_MONTH");
        var byResolved = await StatsAsync("groupBy: RESOLVED_MONTH");
        var byQuarter = await StatsAsync("groupBy: QUARTER");
        var teamByStatus = await StatsAsync("groupBy: TEAM, thenBy: STATUS");

        Assert.Equal(["db-outage", "net-flap"], byIncident.Select(g => g.GetProperty("label").GetString()));
        Assert.Equal([("2025-01", 2, 1), ("2025-04", 1, 1)], byMonth.Select(Row));
        Assert.Equal([("2025-02", 1, 0), (null, 2, 2)], byResolved.Select(Row));
        Assert.Equal("(not resolved)", byResolved[1].GetProperty("label").GetString());
        Assert.Equal([("2025-Q1", 2, 1), ("2025-Q2", 1, 1)], byQuarter.Select(Row));
        var sre = teamByStatus.Single(g => g.GetProperty("key").GetString() == "sre");
        Assert.Equal([("OPEN", 1, 1), ("RESOLVED", 1, 0)], sre.GetProperty("groups").EnumerateArray().Select(Row).OrderBy(r => r.Item1));
        Assert.Equal(JsonValueKind.Null, byIncident[0].GetProperty("groups").ValueKind);
    }
}
