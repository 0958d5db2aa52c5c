using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>
/// What a request can cost before it is refused (issue 13, items 1–3 and parts of 9 and 14): a budget counted right
/// after parsing, 401 before any GraphQL work for bad credentials, parse errors that stay cheap and quiet, and root
/// connections that load only what is selected, once per field and arguments.
/// </summary>
[Collection(HostCollection.Name)]
public class RequestCostTests
{
    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    [Fact]
    public async Task Documents_over_the_field_alias_or_root_list_budget_get_one_validation_error_before_any_rule_or_sql()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--Auth:AnonymousRead=false");

        async Task RefusedAsync(string query, string setting, string? role = null)
        {
            host.SqlCommands.Reset();
            var watch = Stopwatch.StartNew();
            var response = await host.PostAsync(query, role: role);
            watch.Stop();
            Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (response.Status, response.ErrorCodes.Single()));
            Assert.Contains(setting, response.Text, StringComparison.Ordinal);
            Assert.Equal(0, host.SqlCommands.Count);
            // Without the budget, field merging alone takes seconds for 8,000 fields (issue 13, item 1).
            Assert.True(watch.ElapsedMilliseconds < 1_500, $"took {watch.ElapsedMilliseconds} ms");
        }

        // 8,000 copies of the public field, without a token and with a viewer's; a trailing comment makes every
        // request a new document for the cache, and the budget still applies.
        var versions = "{ " + Repeat("version ", 8_000) + "}";
        await RefusedAsync(versions, "GraphQL:MaxFields");
        await RefusedAsync(versions, "GraphQL:MaxFields", role: "viewer");
        await RefusedAsync(versions + " # " + Guid.NewGuid(), "GraphQL:MaxFields");
        // The same through a fragment spread many times, and through fragments that spread each other.
        await RefusedAsync("{ " + Repeat("...F ", 2_500) + "} fragment F on Query { version }", "GraphQL:MaxFields");
        await RefusedAsync("{ ...A } fragment A on Query { " + Repeat("...B ", 60) + "} fragment B on Query { " + Repeat("version ", 60) + "}",
            "GraphQL:MaxFields");
        await RefusedAsync("{ " + string.Concat(Enumerable.Range(0, 201).Select(i => $"v{i}: version ")) + "}", "GraphQL:MaxAliases", role: "viewer");
        await RefusedAsync("{ " + string.Concat(Enumerable.Range(0, 21).Select(i => $"p{i}: people(first: 1) {{ totalCount }} ")) + "}",
            "GraphQL:MaxRootConnections", role: "viewer");

        // Within the budget the same shapes still work; a fragment that spreads itself is validation's to refuse.
        host.SqlCommands.Reset();
        Assert.False(string.IsNullOrEmpty((await host.PostAsync("{ " + Repeat("version ", 1_000) + "}")).Ok().GetProperty("version").GetString()));
        Assert.Equal("VALIDATION", (await host.PostAsync("{ ...A } fragment A on Query { version ...A }")).ErrorCodes[0]);
    }

    [Fact]
    public async Task The_budget_is_configurable()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite,
            "--GraphQL:MaxFields=5", "--GraphQL:MaxAliases=1", "--GraphQL:MaxRootConnections=1");

        Assert.Contains("more than 5 fields", (await host.PostAsync("{ " + Repeat("version ", 6) + "}")).Text, StringComparison.Ordinal);
        (await host.PostAsync("{ " + Repeat("version ", 5) + "}")).Ok();
        Assert.Contains("more than 1 aliases", (await host.PostAsync("{ a: version b: version }")).Text, StringComparison.Ordinal);
        Assert.Contains("GraphQL:MaxRootConnections",
            (await host.PostAsync("{ people(first: 1) { totalCount } incidents(first: 1) { totalCount } }", role: "viewer")).Text,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_token_gets_401_with_www_authenticate_before_its_document_is_read_even_for_public_fields()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        async Task<(GraphQLResponse Response, string? Challenge)> SendAsync(string query, string? authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            using var response = await host.Host.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var body = System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
            return (new GraphQLResponse(response.StatusCode, body, text), response.Headers.WwwAuthenticate.ToString());
        }

        var unknown = await SendAsync("{ version }", "Bearer ai_" + new string('x', 43));
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (unknown.Response.Status, unknown.Response.ErrorCodes.Single()));
        Assert.Contains("unknown or revoked API token", unknown.Response.Text, StringComparison.Ordinal);
        Assert.Equal("Bearer error=\"invalid_token\"", unknown.Challenge);

        // Not even parsed: a broken or oversized-by-count document with a bad token is the same one 401.
        var broken = await SendAsync("{ version ", "Bearer ai_" + new string('y', 43));
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (broken.Response.Status, broken.Response.ErrorCodes.Single()));
        var notOurs = await SendAsync("{ version }", "Bearer not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, notOurs.Response.Status);
        Assert.Equal("Bearer error=\"invalid_token\"", notOurs.Challenge);
        var basic = await SendAsync("{ version }", "Basic dXNlcjpwYXNz");
        Assert.Equal(HttpStatusCode.Unauthorized, basic.Response.Status);
        using var get = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ version }"));
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ai_" + new string('z', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.SendAsync(get)).Status);
        // A good token still works.
        (await host.PostAsync("{ version }", role: "viewer")).Ok();
    }

    [Fact]
    public async Task Without_credentials_only_public_fields_run_and_anything_else_is_one_401_with_a_challenge()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--Auth:AnonymousRead=false");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "{ version " + Repeat("syncTargets { name } ", 900) + "}" }),
        };
        using var response = await host.Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        // One error, not one per field (it was one per field: 900 here).
        Assert.Single(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray());
        Assert.True(text.Length < 1_000, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await host.PostAsync("{ version }")).Ok();

        // A caller whose role does not allow the fields: one FORBIDDEN, not one per field.
        var forbidden = await host.PostAsync("mutation { " + string.Concat(Enumerable.Range(0, 50).Select(i => $"a{i}: archiveActionItem(id: 1) {{ errors {{ code }} }} ")) + "}",
            role: "viewer");
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (forbidden.Status, forbidden.ErrorCodes.Single()));
    }

    [Fact]
    public async Task Parse_errors_of_every_kind_are_one_parse_error_without_type_names_and_log_no_query_or_stack()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        var documents = new[]
        {
            Repeat("{ a ", 100) + new string('}', 100),
            "{ actionItems(filter: { tags: " + Repeat("[", 300) + new string(']', 300) + " }) { totalCount } }",
            "{ actionItems(filter: " + Repeat("{ a: ", 200) + "1" + new string('}', 200) + ") { totalCount } }",
            "{ version ",
            "{ version(x: \"unterminated) }",
            "{ version } }",
            "query ( { version }",
            "{ version @ }",
            "\u0001",
        };
        host.Logs.Clear();
        foreach (var document in documents)
        {
            var response = await host.PostAsync(document + " # secret-marker");
            Assert.Equal((HttpStatusCode.BadRequest, "PARSE_ERROR"), (response.Status, response.ErrorCodes.Single()));
            Assert.DoesNotContain("GraphQLParser", response.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", response.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", response.Text, StringComparison.Ordinal);
        }
        var logged = host.Logs.Records;
        Assert.DoesNotContain(logged, r => r.Level >= LogLevel.Warning && r.Category.StartsWith("ActionItems", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, r => r.Message.Contains("secret-marker", StringComparison.Ordinal) || r.Exception is not null);
    }

    [Theory]
    [InlineData("application/jsonx", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json-seq", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json", HttpStatusCode.OK)]
    [InlineData("Application/JSON; charset=utf-8", HttpStatusCode.OK)]
    public async Task Post_needs_the_json_media_type_itself(string contentType, HttpStatusCode expected)
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"query":"{ version }"}""")),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await host.SendAsync(request);

        Assert.Equal(expected, response.Status);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("PARSE_ERROR", response.ErrorCodes.Single());
        }
    }

    [Fact]
    public async Task Malformed_variables_are_refused_without_naming_dotnet_types()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        var response = await host.PostRawAsync("""{"query":"{ version }","variables":[1]}""");

        Assert.Equal((HttpStatusCode.BadRequest, "PARSE_ERROR"), (response.Status, response.ErrorCodes.Single()));
        Assert.DoesNotContain("GraphQL.", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_connections_load_only_what_is_selected_and_aliases_with_the_same_arguments_share_one_load()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var incident = data.Incident("2025-01-06 cost");
            for (var i = 0; i < 3; i++)
            {
                data.Item(incident, $"item {i}", TestData.T0.AddMinutes(i));
            }
            await data.SaveAsync();
        }

        async Task<(System.Text.Json.JsonElement Data, int Commands)> RunAsync(string query)
        {
            host.SqlCommands.Reset();
            var data = (await host.PostAsync(query, role: "viewer")).Ok();
            return (data, host.SqlCommands.Count);
        }

        var countOnly = await RunAsync("{ actionItems(first: 5) { totalCount } }");
        Assert.Equal((3, 1), (countOnly.Data.GetProperty("actionItems").GetProperty("totalCount").GetInt32(), countOnly.Commands));
        var rowsOnly = await RunAsync("{ actionItems(first: 2) { edges { node { id } } } }");
        Assert.Equal((2, 1), (rowsOnly.Data.GetProperty("actionItems").GetProperty("edges").GetArrayLength(), rowsOnly.Commands));
        var aliasedCount = await RunAsync("{ actionItems(first: 2) { n: totalCount pageInfo { hasNextPage } } }");
        Assert.Equal(3, aliasedCount.Data.GetProperty("actionItems").GetProperty("n").GetInt32());
        Assert.True(aliasedCount.Data.GetProperty("actionItems").GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        // 20 aliases (the root-list budget) of one field and arguments: one count (it was one page query and one count each).
        var aliases = await RunAsync("{ " + string.Concat(Enumerable.Range(0, 20).Select(i => $"a{i}: actionItems(first: 1) {{ totalCount }} ")) + "}");
        Assert.Equal(1, aliases.Commands);
        Assert.All(aliases.Data.EnumerateObject(), a => Assert.Equal(3, a.Value.GetProperty("totalCount").GetInt32()));

        // Different arguments are different loads with their own answers.
        var different = await RunAsync("{ a: actionItems(first: 1) { edges { node { title } } } b: actionItems(first: 1, orderBy: CREATED_DESC) { edges { node { title } } } c: actionItems(orderBy: CREATED_ASC, first: 1) { totalCount edges { node { title } } } }");
        Assert.Equal("item 0", different.Data.GetProperty("a").GetProperty("edges")[0].GetProperty("node").GetProperty("title").GetString());
        Assert.Equal("item 2", different.Data.GetProperty("b").GetProperty("edges")[0].GetProperty("node").GetProperty("title").GetString());
        Assert.Equal("item 0", different.Data.GetProperty("c").GetProperty("edges")[0].GetProperty("node").GetProperty("title").GetString());
        // a, b and c read a page each (c's explicit default order is another key), c counts.
        Assert.Equal(4, different.Commands);
    }
}
