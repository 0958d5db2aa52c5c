using System.Net;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>The web app reads the caller's role from <c>viewer</c> to show only the controls that role may use.</summary>
[Collection(HostCollection.Name)]
public class ViewerTests
{
    private const string Viewer = "{ viewer { name role anonymous } }";

    [Fact]
    public async Task Viewer_names_the_token_and_its_highest_role()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        foreach (var (role, expected) in new[] { ("viewer", "VIEWER"), ("triager", "TRIAGER"), ("admin", "ADMIN") })
        {
            var viewer = (await host.PostAsync(Viewer, role: role)).Ok().GetProperty("viewer");
            Assert.Equal(("token:test-" + role, expected, false),
                (viewer.GetProperty("name").GetString(), viewer.GetProperty("role").GetString(), viewer.GetProperty("anonymous").GetBoolean()));
        }
        // Anonymous read is on in this host: no token is an anonymous viewer.
        var anonymous = (await host.PostAsync(Viewer)).Ok().GetProperty("viewer");
        Assert.Equal(("VIEWER", true), (anonymous.GetProperty("role").GetString(), anonymous.GetProperty("anonymous").GetBoolean()));
    }

    [Fact]
    public async Task Without_credentials_and_anonymous_read_viewer_is_null_not_an_error()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, "--Auth:AnonymousRead=false");

        var response = await host.PostAsync(Viewer);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Ok().GetProperty("viewer").ValueKind);
    }
}
