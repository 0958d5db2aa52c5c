using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Export;
using ActionItems.Application.Export;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.Export;

public class ExportTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_csv_export_streams_every_item_the_filter_selects_across_pages_with_owner_incident_and_links(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var count = ActionItemExport.PageSize + 5;
        await SeedAsync(database, count);
        await using var host = await RunningHost.StartAsync(database, Api.Hosting.HostRole.Api);
        using var client = await ClientAsync(host, database, Roles.Viewer);

        using var all = await client.GetAsync(ExportEndpoints.CsvPath);
        using var inProgress = await client.GetAsync(ExportEndpoints.CsvPath + "?statuses=IN_PROGRESS&teams=sre");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment;", all.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var lines = (await all.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,incident_id,incident_slug,incident_title,incident_date,title,status,priority,owner_id,owner,team,", lines[0], StringComparison.Ordinal);
        Assert.Equal(count, lines.Length - 1);
        Assert.Equal(count, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
        var filtered = (await inProgress.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var row = Assert.Single(filtered.Skip(1));
        Assert.Contains(",export,Incidents/export,2024-03-01,\"Rotate keys, then \"\"certs\"\"\",IN_PROGRESS,HIGH,", row, StringComparison.Ordinal);
        Assert.Contains(",Ada Lovelace,sre,2026-01-31,db;tls,phab:T42,false,", row, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_json_export_is_an_array_of_items_in_the_api_vocabulary(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, 3);
        await using var host = await RunningHost.StartAsync(database, Api.Hosting.HostRole.Api);
        using var client = await ClientAsync(host, database, Roles.Viewer);

        using var response = await client.GetAsync(ExportEndpoints.JsonPath + "?unassigned=false");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var item = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("Rotate keys, then \"certs\"", item.GetProperty("title").GetString());
        Assert.Equal("IN_PROGRESS", item.GetProperty("status").GetString());
        Assert.Equal("Ada Lovelace", item.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal("export", item.GetProperty("incident").GetProperty("slug").GetString());
        Assert.Equal(["db", "tls"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["phab:T42"], item.GetProperty("trackerTasks").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Bad_filters_and_missing_or_bad_tokens_are_refused_with_a_specific_error()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await RunningHost.StartAsync(database, Api.Hosting.HostRole.Api);
        using var viewer = await ClientAsync(host, database, Roles.Viewer);
        using var stranger = new HttpClient { BaseAddress = host.Address };
        using var badToken = new HttpClient { BaseAddress = host.Address };
        badToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ai_unknown");

        using var unknownStatus = await viewer.GetAsync(ExportEndpoints.CsvPath + "?statuses=OPEN,FINISHED");
        using var unknownParameter = await viewer.GetAsync(ExportEndpoints.CsvPath + "?status=OPEN");
        using var noToken = await stranger.GetAsync(ExportEndpoints.CsvPath);
        using var basic = new HttpRequestMessage(HttpMethod.Get, ExportEndpoints.CsvPath)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz") },
        };
        using var otherScheme = await stranger.SendAsync(basic);
        using var revoked = await badToken.GetAsync(ExportEndpoints.JsonPath);

        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus.StatusCode);
        Assert.Contains("'statuses' does not know 'FINISHED'; expected one of OPEN, IN_PROGRESS", await unknownStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownParameter.StatusCode);
        Assert.Contains("unknown parameter 'status'", await unknownParameter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("unknown or revoked API token", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Same reasons as the GraphQL endpoint: another scheme is not called a revoked token.
        Assert.Equal(HttpStatusCode.Unauthorized, otherScheme.StatusCode);
        Assert.Contains("Only 'Authorization: Bearer <token>' is accepted.", await otherScheme.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Bearer error=\"invalid_token\"", otherScheme.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1 more", "'+1 more")]
    [InlineData("-rf", "'-rf")]
    [InlineData("@admin", "'@admin")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(null, "")]
    public void Csv_cells_are_quoted_per_rfc_4180_and_never_start_a_spreadsheet_formula(string? value, string expected) =>
        Assert.Equal(expected, ExportEndpoints.CsvCell(value));

    private static async Task SeedAsync(TestDatabase database, int count)
    {
        await using var db = database.CreateContext();
        var data = new TestData(db);
        var incident = data.Incident("export", new DateOnly(2024, 3, 1));
        var owner = data.Person("Ada Lovelace");
        var target = data.Target("phab", TrackerKind.Phabricator);
        await data.SaveAsync();
        var special = data.Item(incident, "Rotate keys, then \"certs\"", TestData.T0);
        var at = TestData.At(TestData.T0);
        special.SetStatus(ActionItemStatus.InProgress, at);
        special.SetPriority(Priority.High, at);
        special.SetOwner(owner, at);
        special.SetTeam("sre", at);
        special.SetDueDate(new DateOnly(2026, 1, 31), at);
        special.SetTags(["TLS", "db"], at);
        special.Links.Add(new TrackerLink { SyncTargetId = target.Id, RemoteId = "T42", State = TrackerLinkState.Linked });
        for (var i = 1; i < count; i++)
        {
            data.Item(incident, $"item {i}", TestData.T0.AddMinutes(i));
        }
        await data.SaveAsync();
    }

    private static async Task<HttpClient> ClientAsync(RunningHost host, TestDatabase database, string role)
    {
        await using var db = database.CreateContext();
        var created = await new ApiTokens(db, TimeProvider.System).CreateAsync("export-" + role, role, "test", CancellationToken.None);
        var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }
}
