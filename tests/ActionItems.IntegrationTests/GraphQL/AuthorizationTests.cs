using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActionItems.Api.Auth;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;

namespace ActionItems.IntegrationTests.GraphQL;

[Collection(HostCollection.Name)]
public class AuthorizationTests
{
    private const string Triage = """mutation { setActionItemStatus(id: "1", status: OPEN) { errors { code } } }""";
    private const string Admin = """mutation { updatePerson(input: {id: "1", displayName: "x"}) { errors { code } } }""";
    private const string Preview = """mutation { previewPostmortem(input: {text: "== Actionables ==\n* fix it"}) { errors { code } } }""";

    [Fact]
    public async Task Each_mutation_needs_its_role_and_refusals_happen_before_any_sql()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        async Task<(HttpStatusCode, string?)> RunAsync(string query, string? role)
        {
            host.SqlCommands.Reset();
            var response = await host.PostAsync(query, role: role);
            if (response.ErrorCodes.Count > 0)
            {
                Assert.Equal(0, host.SqlCommands.Count);
            }
            return (response.Status, response.ErrorCodes.Count > 0 ? response.ErrorCodes[0] : null);
        }

        // Anonymous read is on: the anonymous principal is a viewer and may not write.
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), await RunAsync(Triage, null));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), await RunAsync(Triage, "viewer"));
        Assert.Equal((HttpStatusCode.OK, null), await RunAsync(Triage, "triager"));
        Assert.Equal((HttpStatusCode.OK, null), await RunAsync(Triage, "admin"));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), await RunAsync(Admin, "triager"));
        Assert.Equal((HttpStatusCode.OK, null), await RunAsync(Admin, "admin"));
        Assert.Equal((HttpStatusCode.OK, null), await RunAsync(Preview, "viewer"));
    }

    [Fact]
    public async Task Without_anonymous_read_queries_need_an_authenticated_caller()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--Auth:AnonymousRead=false");

        var anonymous = await host.PostAsync("{ actionItems { totalCount } }");
        var viewer = await host.PostAsync("{ actionItems { totalCount } }", role: "viewer");
        var version = await host.PostAsync("{ version }");
        var mutation = await host.PostAsync(Triage);

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (anonymous.Status, anonymous.ErrorCodes.Single()));
        Assert.Equal(0, viewer.Ok().GetProperty("actionItems").GetProperty("totalCount").GetInt32());
        version.Ok();
        Assert.Equal("UNAUTHENTICATED", mutation.ErrorCodes.Single());
    }
}

[Collection(HostCollection.Name)]
public class TokenAuthenticationTests
{
    [Fact]
    public async Task An_unknown_token_is_refused_even_when_anonymous_read_is_on()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "{ actionItems { totalCount } }" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "ai_" + new string('x', 43));

        var response = await host.SendAsync(request);

        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHENTICATED"), (response.Status, response.ErrorCodes.Single()));
    }

    [Fact]
    public async Task A_revoked_token_is_refused()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Postgres, "--Auth:AnonymousRead=false");
        string secret;
        await using (var db = host.Database.CreateContext())
        {
            var tokens = new ApiTokens(db, TimeProvider.System);
            var created = await tokens.CreateAsync("short-lived", Roles.Triager, "test", CancellationToken.None);
            secret = created.Secret;
            await tokens.RevokeAsync(created.Token.Id, CancellationToken.None);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query = "{ actionItems { totalCount } }" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var response = await host.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }
}
