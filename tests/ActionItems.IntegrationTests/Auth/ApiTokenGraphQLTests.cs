using System.Net;
using ActionItems.Api.Auth;
using ActionItems.Data;
using ActionItems.IntegrationTests.GraphQL;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.Auth;

/// <summary>API tokens over GraphQL (admin): apiTokens, revokeApiToken; and how refused tokens are logged.</summary>
public class ApiTokenGraphQLTests
{
    private const string List = "query($all: Boolean) { apiTokens(includeRevoked: $all) { id name role prefix createdBy createdAt lastUsedAt revokedAt } }";
    private const string Revoke = "mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { id name revokedAt } errors { code message field } } }";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_lists_tokens_with_their_last_use_and_never_a_secret_or_hash(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);

        var response = await host.PostAsync(List, role: Roles.Admin);

        // The SQLite host also made its first-run admin token.
        var tokens = response.Ok().GetProperty("apiTokens").EnumerateArray()
            .Where(t => t.GetProperty("name").GetString()!.StartsWith("test-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["test-viewer", "test-triager", "test-admin"], tokens.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(["VIEWER", "TRIAGER", "ADMIN"], tokens.Select(t => t.GetProperty("role").GetString()));
        // The host authenticated each token once at start (GraphQLHost warms up), so each has a last use.
        Assert.All(tokens, t => Assert.Equal(JsonValueKindString, t.GetProperty("lastUsedAt").ValueKind));
        Assert.All(tokens, t => Assert.Equal(10, t.GetProperty("prefix").GetString()!.Length));
        await using var db = host.Database.CreateContext();
        foreach (var stored in await db.ApiTokens.AsNoTracking().ToListAsync())
        {
            Assert.DoesNotContain(stored.SecretHash, response.Text, StringComparison.Ordinal);
        }
        foreach (var role in Roles.All)
        {
            Assert.DoesNotContain(Secret(host, role), response.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_admins_list_or_revoke_tokens()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);

        var list = await host.PostAsync(List, role: Roles.Triager);
        var revoke = await host.PostAsync(Revoke, new { id = "1" }, role: Roles.Triager);
        var anonymous = await host.PostAsync(List);

        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (list.Status, Assert.Single(list.ErrorCodes)));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (revoke.Status, Assert.Single(revoke.ErrorCodes)));
        Assert.Equal("FORBIDDEN", Assert.Single(anonymous.ErrorCodes));
        await using var db = host.Database.CreateContext();
        Assert.False(await db.ApiTokens.AnyAsync(t => t.RevokedAt != null));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_token_stops_at_once_and_a_second_revocation_or_an_unknown_id_changes_nothing(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        var viewer = await IdOfAsync(host, "test-viewer");

        var revoked = (await host.PostAsync(Revoke, new { id = viewer }, role: Roles.Admin)).Ok().GetProperty("revokeApiToken");
        var refused = await host.PostAsync("{ version }", role: Roles.Viewer);
        var again = (await host.PostAsync(Revoke, new { id = viewer }, role: Roles.Admin)).Ok().GetProperty("revokeApiToken");
        var unknown = (await host.PostAsync(Revoke, new { id = "999999" }, role: Roles.Admin)).Ok().GetProperty("revokeApiToken");
        var notAnId = await host.PostAsync(Revoke, new { id = "abc" }, role: Roles.Admin);
        var listed = (await host.PostAsync(List, new { all = false }, role: Roles.Admin)).Ok().GetProperty("apiTokens");
        var all = (await host.PostAsync(List, new { all = true }, role: Roles.Admin)).Ok().GetProperty("apiTokens");

        Assert.Equal("test-viewer", revoked.GetProperty("apiToken").GetProperty("name").GetString());
        Assert.Empty(revoked.GetProperty("errors").EnumerateArray());
        var revokedAt = revoked.GetProperty("apiToken").GetProperty("revokedAt").GetString();
        Assert.NotNull(revokedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        var secondError = Assert.Single(again.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("VALIDATION", secondError.GetProperty("code").GetString());
        Assert.Contains("revoked already", secondError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKindNull, again.GetProperty("apiToken").ValueKind);
        Assert.Equal("NOT_FOUND", Assert.Single(unknown.GetProperty("errors").EnumerateArray().ToList()).GetProperty("code").GetString());
        Assert.Equal("VALIDATION", Assert.Single(notAnId.ErrorCodes));
        Assert.DoesNotContain(listed.EnumerateArray(), t => t.GetProperty("name").GetString() == "test-viewer");
        var stillRevoked = Assert.Single(all.EnumerateArray().ToList(), t => t.GetProperty("name").GetString() == "test-viewer");
        // Unchanged by the second attempt (PostgreSQL keeps microseconds, the first answer showed the clock's ticks).
        Assert.True((DateTimeOffset.Parse(revokedAt, System.Globalization.CultureInfo.InvariantCulture) -
                     stillRevoked.GetProperty("revokedAt").GetDateTimeOffset()).Duration() < TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_refused_token_is_logged_with_the_reason_and_at_most_its_prefix_or_id()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        var viewerSecret = Secret(host, Roles.Viewer);
        var viewerId = await IdOfAsync(host, "test-viewer");
        (await host.PostAsync(Revoke, new { id = viewerId }, role: Roles.Admin)).Ok();
        const string unknownSecret = "ai_UNKNOWNxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
        host.Logs.Clear();

        await SendAsync(host, "Bearer " + unknownSecret);
        await SendAsync(host, "Bearer " + viewerSecret);
        await SendAsync(host, "Basic dXNlcjpwYXNzd29yZA==");
        await SendAsync(host, "ai_no_scheme_secret_value");

        var refusals = host.Logs.Records.Where(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Refused ", StringComparison.Ordinal))
            .Select(r => r.Message).ToList();
        Assert.Equal(4, refusals.Count);
        Assert.Contains(refusals, m => m.Contains("unknown API token (prefix ai_UNKNOWN)", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains($"revoked API token id {viewerId} 'test-viewer'", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains("scheme 'Basic' is not Bearer", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains("has no scheme", StringComparison.Ordinal));
        var everything = string.Join("\n", host.Logs.Records.Select(r => r.Message + r.Exception));
        Assert.DoesNotContain(unknownSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(viewerSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("dXNlcjpwYXNzd29yZA", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("ai_no_scheme_secret_value", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_refused_token_costs_one_query_per_request_and_one_warning()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite);
        const string bogusSecret = "ai_BOGUSxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
        const int requests = 5;
        host.SqlCommands.Reset();
        host.Logs.Clear();

        for (var i = 0; i < requests; i++)
        {
            await SendAsync(host, "Bearer " + bogusSecret);
        }

        Assert.Equal(requests, host.SqlCommands.AuthenticationCount);
        Assert.Equal(0, host.SqlCommands.Count);
        var refusalWarnings = host.Logs.Records
            .Where(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Refused API token", StringComparison.Ordinal)).ToList();
        Assert.Contains("unknown API token (prefix ai_BOGUSxx)", Assert.Single(refusalWarnings).Message, StringComparison.Ordinal);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;
    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private static async Task SendAsync(GraphQLHost host, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = "{ version }" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var response = await host.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    private static async Task<string> IdOfAsync(GraphQLHost host, string name)
    {
        await using var db = host.Database.CreateContext();
        return (await db.ApiTokens.SingleAsync(t => t.Name == name)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Secret(GraphQLHost host, string role) => host.Secret(role);
}
