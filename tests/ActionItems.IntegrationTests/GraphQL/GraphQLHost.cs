using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>A fresh database and the real host with anonymous read on, plus a small GraphQL client over real HTTP.</summary>
public sealed class GraphQLHost : IAsyncDisposable
{
    private readonly Dictionary<string, string> _tokens;

    private GraphQLHost(TestDatabase database, RunningHost host, Dictionary<string, string> tokens)
    {
        Database = database;
        Host = host;
        _tokens = tokens;
    }

    public TestDatabase Database { get; }
    public RunningHost Host { get; }
    public SqlCommandCounter SqlCommands => Host.Host.Services.GetRequiredService<SqlCommandCounter>();

    public static async Task<GraphQLHost> StartAsync(DatabaseProvider provider, params string[] extraArgs)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var host = await RunningHost.StartAsync(database, testServices: true,
            extraArgs: ["--Auth:AnonymousRead=true", .. extraArgs]);
        // Real API tokens, one per role, created the way `token create` does.
        var tokens = new Dictionary<string, string>();
        await using (var db = database.CreateContext())
        {
            var apiTokens = new ApiTokens(db, TimeProvider.System);
            foreach (var role in Roles.All)
            {
                tokens[role] = (await apiTokens.CreateAsync("test-" + role, role, "test", CancellationToken.None)).Secret;
            }
        }
        var graphQLHost = new GraphQLHost(database, host, tokens);
        // Authenticate each token once, so later requests find it in the token cache and tests that
        // count SQL commands count only the request's own.
        foreach (var role in Roles.All)
        {
            await graphQLHost.PostAsync("{ version }", role: role);
        }
        return graphQLHost;
    }

    /// <summary>POSTs a request; <paramref name="role"/> sends that role's API token, null sends none.</summary>
    public async Task<GraphQLResponse> PostAsync(string query, object? variables = null, string? role = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new { query, variables }),
        };
        if (role is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[role]);
        }
        return await SendAsync(request);
    }

    public async Task<GraphQLResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new GraphQLResponse(response.StatusCode, body, text);
    }

    public async Task<GraphQLResponse> PostRawAsync(string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        return await SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed record GraphQLResponse(HttpStatusCode Status, JsonElement Body, string Text)
{
    public JsonElement Data => Body.GetProperty("data");

    public IReadOnlyList<string> ErrorCodes =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("errors", out var errors)
            ? [.. errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!)]
            : [];

    /// <summary>Asserts the request succeeded without errors and returns <c>data</c>.</summary>
    public JsonElement Ok()
    {
        Assert.True(Status == HttpStatusCode.OK && !Body.TryGetProperty("errors", out _), Text);
        return Data;
    }
}
