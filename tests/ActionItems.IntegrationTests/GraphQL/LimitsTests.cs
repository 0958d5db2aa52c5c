using System.Net;
using System.Text;
using ActionItems.Api.GraphQL;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ActionItems.IntegrationTests.GraphQL;

[Collection(HostCollection.Name)]
public class LimitsTests
{
    [Fact]
    public async Task Queries_over_a_limit_are_refused_with_a_clear_message_before_any_sql()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        async Task<GraphQLResponse> RefusedAsync(string query, HttpStatusCode status, string expectedText)
        {
            host.SqlCommands.Reset();
            var response = await host.PostAsync(query);
            Assert.Equal(status, response.Status);
            Assert.Contains(expectedText, response.Text, StringComparison.Ordinal);
            Assert.Equal(0, host.SqlCommands.Count);
            return response;
        }

        Assert.Equal(["VALIDATION"], (await RefusedAsync("{ actionItems(first: 501) { totalCount } }", HttpStatusCode.BadRequest, "between 0 and 500")).ErrorCodes);
        await RefusedAsync("{ actionItems(last: 1000) { totalCount } }", HttpStatusCode.BadRequest, "between 0 and 500");
        await RefusedAsync("{ actionItems(first: 1, last: 1) { totalCount } }", HttpStatusCode.BadRequest, "not both");
        var deep = "{ actionItem(id: 1) { " + string.Concat(Enumerable.Repeat("links { actionItem { ", 6)) + "title" + new string('}', 13) + " }";
        await RefusedAsync(deep, HttpStatusCode.BadRequest, "too nested");
        await RefusedAsync("{ a: actionItems(first: 500) { edges { node { links { syncTarget { name } } history { field actor } incident { actionItems(first: 500) { items { links { remoteId } history { field } } } } } } } }",
            HttpStatusCode.BadRequest, "too complex");
        var huge = "{ version " + new string(' ', 70 * 1024) + "}";
        await RefusedAsync(huge, HttpStatusCode.RequestEntityTooLarge, "GraphQL:MaxDocumentBytes");
        await RefusedAsync("""{ openItemsOverTime(interval: DAY, from: "2000-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z") { open } }""",
            HttpStatusCode.BadRequest, "more than 1000");
    }

    [Fact]
    public async Task Malformed_requests_get_a_4xx_with_a_graphql_error_body()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        var batch = await host.PostRawAsync("""[{"query":"{ version }"},{"query":"{ version }"}]""");
        var badJson = await host.PostRawAsync("""{"query": "{ version }" """);
        var notObject = await host.PostRawAsync("42");
        var wrongType = await host.PostRawAsync("""{"query":"{ version }"}""", "text/plain");
        var noQuery = await host.PostRawAsync("""{"variables":{}}""");
        var syntax = await host.PostAsync("{ version ");
        var hugeVariables = await host.PostRawAsync("{\"query\":\"{ version }\",\"variables\":{\"x\":\"" + new string('a', 1_100_000) + "\"}}");
        var variablesNotObject = await host.PostRawAsync("""{"query":"{ version }","variables":[1]}""");
        using var getMutation = await host.Host.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { archiveActionItem(id: 1) { errors { code } } }"));
        using var getQuery = await host.Host.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ version }"));
        using var put = await host.Host.Client.PutAsync("/graphql", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "PARSE_ERROR"), (batch.Status, batch.ErrorCodes.Single()));
        Assert.Contains("Batched requests", batch.Text, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "PARSE_ERROR"), (badJson.Status, badJson.ErrorCodes.Single()));
        Assert.Equal(HttpStatusCode.BadRequest, notObject.Status);
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "PARSE_ERROR"), (wrongType.Status, wrongType.ErrorCodes.Single()));
        Assert.Equal(HttpStatusCode.BadRequest, noQuery.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "PARSE_ERROR"), (syntax.Status, syntax.ErrorCodes.Single()));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION"), (hugeVariables.Status, hugeVariables.ErrorCodes.Single()));
        Assert.Equal(HttpStatusCode.BadRequest, variablesNotObject.Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getMutation.StatusCode);
        Assert.Contains("POST", getMutation.Content.Headers.Allow);
        Assert.Contains("METHOD_NOT_ALLOWED", await getMutation.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, getQuery.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_refused_with_413_and_a_graphql_error_with_or_without_content_length()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--GraphQL:MaxRequestBytes=4096");
        var body = "{\"query\":\"{ version }\",\"variables\":{\"x\":\"" + new string('a', 5000) + "\"}}";

        var withLength = await host.PostRawAsync(body);
        using var chunkedRequest = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ChunkedContent(body) };
        var chunked = await host.SendAsync(chunkedRequest);
        var withinLimit = await host.PostRawAsync("{\"query\":\"{ version }\",\"variables\":{\"x\":\"" + new string('a', 3000) + "\"}}");

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION"), (withLength.Status, withLength.ErrorCodes.Single()));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION"), (chunked.Status, chunked.ErrorCodes.Single()));
        Assert.Contains("GraphQL:MaxRequestBytes", chunked.Text, StringComparison.Ordinal);
        withinLimit.Ok();
    }

    [Fact]
    public async Task Kestrels_body_limit_is_endpoint_metadata_with_room_to_drain_a_refused_body()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--GraphQL:MaxRequestBytes=4096");
        var endpoints = host.Host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        long? LimitOf(string route, string method) => endpoints
            .Single(e => e.RoutePattern.RawText == route && e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(method) == true)
            .Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

        Assert.Equal(2 * 4096, LimitOf(GraphQLEndpoint.Path, "POST"));
        Assert.Equal(2 * 1024 * 1024, LimitOf("/webhooks/phabricator/{target}", "POST"));
    }

    [Fact]
    public async Task A_large_body_over_the_limit_still_gets_its_413_answer_rather_than_a_cut_connection()
    {
        // Nearly twice the default 1 MB cap: far more than the socket buffers hold while the server answers.
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        var body = "{\"query\":\"{ version }\",\"variables\":{\"x\":\"" + new string('a', 1_900_000) + "\"}}";

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var refused = await host.PostRawAsync(body);
            Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "VALIDATION"), (refused.Status, refused.ErrorCodes.Single()));
        }
    }

    [Fact]
    public async Task Introspection_can_be_switched_off_and_timeouts_answer_504()
    {
        await using (var open = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite))
        {
            (await open.PostAsync("{ __schema { queryType { name } } }")).Ok();
        }
        GraphQLResponse introspection, timedOut;
        await using (var closed = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--GraphQL:Introspection=false"))
        {
            introspection = await closed.PostAsync("{ __schema { queryType { name } } }");
        }
        await using (var impatient = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--GraphQL:RequestTimeoutSeconds=0"))
        {
            timedOut = await impatient.PostAsync("{ actionItems { totalCount } }");
        }

        Assert.Equal(HttpStatusCode.BadRequest, introspection.Status);
        Assert.Contains("ntrospection", introspection.Text, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.GatewayTimeout, "TIMEOUT"), (timedOut.Status, timedOut.ErrorCodes.Single()));
    }

    [Fact]
    public async Task An_unexpected_failure_returns_only_a_correlation_id_never_sql_or_a_stack_trace()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres);
        await using (var connection = new NpgsqlConnection(host.Database.Options.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE tracker_links CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var response = await host.PostAsync("{ actionItems(filter: {linked: true}) { totalCount } }");

        Assert.Equal("INTERNAL", response.ErrorCodes.Single());
        var error = response.Body.GetProperty("errors")[0];
        Assert.Matches("^[0-9a-f]{12}$", error.GetProperty("extensions").GetProperty("correlationId").GetString());
        Assert.DoesNotContain("tracker_links", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Npgsql", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", response.Text, StringComparison.Ordinal);
    }
}

/// <summary>A JSON body sent without Content-Length (chunked), so only the server's count can stop it.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _body;

    public ChunkedContent(string body)
    {
        _body = Encoding.UTF8.GetBytes(body);
        Headers.ContentType = new("application/json");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
