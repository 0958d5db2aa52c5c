using ActionItems.Api.GraphQL.Execution;
using Microsoft.Extensions.Primitives;

namespace ActionItems.UnitTests.GraphQL;

public class ResponseMediaTypeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/*")]
    [InlineData("application/graphql-response+json")]
    [InlineData("application/graphql-response+json, application/json;q=0.9")]
    [InlineData("application/json, application/graphql-response+json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public void Without_an_accept_or_when_it_allows_both_the_response_is_graphql_response_json(string? accept)
    {
        Assert.Same(ResponseMediaType.GraphQLResponse, ResponseMediaType.Negotiate(new StringValues(accept)));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/graphql-response+json;q=0.5, application/json")]
    [InlineData("application/json, text/plain, */*")]
    [InlineData("application/graphql-response+json;q=0, */*")]
    public void A_client_that_prefers_or_only_names_application_json_gets_it(string accept)
    {
        Assert.Same(ResponseMediaType.Json, ResponseMediaType.Negotiate(new StringValues(accept)));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml, text/*")]
    [InlineData("application/graphql-response+json;q=0, application/json;q=0")]
    [InlineData("*/*;q=0")]
    [InlineData("not a media type")]
    public void An_accept_that_allows_neither_type_gets_none(string accept)
    {
        Assert.Null(ResponseMediaType.Negotiate(new StringValues(accept)));
    }

    [Fact]
    public void Only_application_json_answers_graphql_errors_with_200()
    {
        Assert.Equal("application/json; charset=utf-8", ResponseMediaType.Json.ContentType);
        Assert.False(ResponseMediaType.Json.StatusFromErrors);
        Assert.Equal("application/graphql-response+json; charset=utf-8", ResponseMediaType.GraphQLResponse.ContentType);
        Assert.True(ResponseMediaType.GraphQLResponse.StatusFromErrors);
    }
}
