using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.GraphQL;

[Collection(HostCollection.Name)]
public class QueryWarningTests
{
    /// <summary>EF Core warns about queries whose result can depend on row order (First or Take without OrderBy).</summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Ordinary_queries_log_no_ef_core_warning(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider, Api.Hosting.HostRole.Api);
        var logs = host.Host.Host.Services.GetRequiredService<LogCapture>();
        string[] queries =
        [
            "{ actionItems(first: 5) { totalCount edges { node { id title } } } }",
            "{ people(first: 5) { totalCount edges { node { id } } } }",
            "{ incidents(first: 5) { totalCount } }",
            "{ syncTargets { name } conflicts { id } }",
            .. Enum.GetNames<StatsGroupBy>().Select(g => $"{{ actionItemStats(groupBy: {g}) {{ key count openCount }} }}"),
            "{ openItemsOverTime(interval: WEEK, from: \"2026-01-01T00:00:00Z\", to: \"2026-03-01T00:00:00Z\") { open } }",
            "{ openItemAgeBuckets { count } }",
            "{ timeToResolve { medianHours } }",
        ];

        foreach (var query in queries)
        {
            (await host.PostAsync(query, role: "viewer")).Ok();
        }

        var warnings = logs.Records.Where(e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, string.Join('\n', warnings.Select(w => $"{w.Category}: {w.Message}")));
    }

    private enum StatsGroupBy
    {
        STATUS,
        OWNER,
        TEAM,
        TAG,
        INCIDENT_MONTH,
        PRIORITY,
    }
}
