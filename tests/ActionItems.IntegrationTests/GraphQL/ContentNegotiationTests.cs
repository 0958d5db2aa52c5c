using System.Net;
using System.Net.Http.Json;
using System.Text;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>The response's media type follows the request's Accept (GraphQL-over-HTTP §Accept, §Body, §Status Codes).</summary>
[Collection(HostCollection.Name)]
public class ContentNegotiationTests
{
    private const string Invalid = "{ noSuchField }";

    private static HttpRequestMessage Post(string query, params string[] accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        foreach (var value in accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", value);
        }
        return request;
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(GraphQLHost host,
        HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.Host.Client.SendAsync(request);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Without_accept_with_any_type_or_when_asked_the_response_is_graphql_response_json_with_4xx_for_invalid_documents()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        var none = await SendAsync(host, Post("{ version }"));
        var any = await SendAsync(host, Post("{ version }", "*/*"));
        var asked = await SendAsync(host, Post("{ version }", "application/graphql-response+json, application/json;q=0.9"));
        var invalid = await SendAsync(host, Post(Invalid, "application/graphql-response+json"));

        Assert.Equal((HttpStatusCode.OK, "application/graphql-response+json"), (none.Status, none.MediaType));
        Assert.Equal((HttpStatusCode.OK, "application/graphql-response+json"), (any.Status, any.MediaType));
        Assert.Equal((HttpStatusCode.OK, "application/graphql-response+json"), (asked.Status, asked.MediaType));
        Assert.Equal((HttpStatusCode.BadRequest, "application/graphql-response+json"), (invalid.Status, invalid.MediaType));
    }

    [Fact]
    public async Task Error_messages_keep_their_quotes_readable_instead_of_escaping_them()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        var invalid = await SendAsync(host, Post(Invalid));

        // "Cannot query field 'noSuchField' …", not "\u0027noSuchField\u0027": the body is JSON, never embedded in HTML.
        Assert.Contains("'noSuchField'", invalid.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", invalid.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_asking_for_application_json_gets_it_and_200_for_graphql_errors_of_a_well_formed_request()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--Auth:AnonymousRead=false");

        var ok = await SendAsync(host, Post("{ version }", "application/json"));
        var invalid = await SendAsync(host, Post(Invalid, "application/json"));
        var syntax = await SendAsync(host, Post("{ version ", "application/json"));
        var unauthenticated = await SendAsync(host, Post("{ actionItems { totalCount } }", "application/json"));
        var malformedBody = await SendAsync(host, new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query": """, Encoding.UTF8, "application/json"),
            Headers = { { "Accept", "application/json" } },
        });
        var getMutation = await SendAsync(host, new HttpRequestMessage(HttpMethod.Get,
            "/graphql?query=" + Uri.EscapeDataString("mutation { archiveActionItem(id: 1) { errors { code } } }"))
        {
            Headers = { { "Accept", "application/json" } },
        });

        Assert.Equal((HttpStatusCode.OK, "application/json"), (ok.Status, ok.MediaType));
        Assert.Equal((HttpStatusCode.OK, "application/json"), (invalid.Status, invalid.MediaType));
        Assert.Contains("VALIDATION", invalid.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, syntax.Status);
        Assert.Contains("PARSE_ERROR", syntax.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, unauthenticated.Status);
        Assert.Contains("UNAUTHENTICATED", unauthenticated.Body, StringComparison.Ordinal);
        // Not a well-formed GraphQL-over-HTTP request, and GET must stay safe: these keep their 4xx.
        Assert.Equal((HttpStatusCode.BadRequest, "application/json"), (malformedBody.Status, malformedBody.MediaType));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getMutation.Status);
    }

    [Fact]
    public async Task An_accept_that_allows_neither_type_is_refused_with_406_and_a_json_error_body()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        host.SqlCommands.Reset();

        var post = await SendAsync(host, Post("{ actionItems { totalCount } }", "text/html"));
        var get = await SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ version }"))
        {
            Headers = { { "Accept", "application/xml, application/json;q=0" } },
        });

        Assert.Equal((HttpStatusCode.NotAcceptable, "application/json"), (post.Status, post.MediaType));
        Assert.Contains("\"code\":\"NOT_ACCEPTABLE\"", post.Body, StringComparison.Ordinal);
        Assert.Contains("Accept", post.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotAcceptable, get.Status);
        Assert.Equal(0, host.SqlCommands.Count);
    }
}
