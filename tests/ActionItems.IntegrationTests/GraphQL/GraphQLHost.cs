using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>A fresh database and the real host with anonymous read on, plus a small GraphQL client over real HTTP.</summary>
public sealed class GraphQLHost : IAsyncDisposable
{
    private readonly Dictionary<string, string> _tokens;
    private bool _handedOver;

    private readonly HostRole _role;

    private GraphQLHost(TestDatabase database, RunningHost host, Dictionary<string, string> tokens, HostRole role)
    {
        Database = database;
        Host = host;
        _tokens = tokens;
        _role = role;
    }

    public TestDatabase Database { get; }
    public RunningHost Host { get; }
    public SqlCommandCounter SqlCommands => Host.Host.Services.GetRequiredService<SqlCommandCounter>();
    public LogCapture Logs => Host.Host.Services.GetRequiredService<LogCapture>();

    /// <summary>The secret of the API token the host made for <paramref name="role"/>.</summary>
    public string Secret(string role) => _tokens[role];

    public static Task<GraphQLHost> StartAsync(DatabaseProvider provider, params string[] extraArgs) =>
        StartAsync(provider, HostRole.All, extraArgs);

    /// <summary>
    /// Like the other overload; <paramref name="role"/> <see cref="HostRole.Api"/> runs no background jobs,
    /// for tests that need the stored data to change only through their own requests.
    /// </summary>
    public static async Task<GraphQLHost> StartAsync(DatabaseProvider provider, HostRole role, params string[] extraArgs)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var host = await RunningHost.StartAsync(database, role, testServices: true,
            extraArgs: ["--Auth:AnonymousRead=true", .. extraArgs]);
        // Real API tokens, one per role, created the way `token create` does.
        var tokens = new Dictionary<string, string>();
        await using (var db = database.CreateContext())
        {
            var apiTokens = new ApiTokens(db, TimeProvider.System);
            foreach (var tokenRole in Roles.All)
            {
                tokens[tokenRole] = (await apiTokens.CreateAsync("test-" + tokenRole, tokenRole, "test", CancellationToken.None)).Secret;
            }
        }
        return await WarmedUpAsync(new GraphQLHost(database, host, tokens, role));
    }

    /// <summary>
    /// Stops this host and starts another on the same database and tokens with other configuration
    /// (e.g. anonymous read switched), cheaper than a new database. The returned host owns the database from
    /// then on; disposing this one afterwards does nothing.
    /// </summary>
    public async Task<GraphQLHost> RestartAsync(params string[] extraArgs)
    {
        _handedOver = true;
        await Host.DisposeAsync();
        var host = await RunningHost.StartAsync(Database, _role, testServices: true, extraArgs: extraArgs);
        return await WarmedUpAsync(new GraphQLHost(Database, host, _tokens, _role));
    }

    /// <summary>
    /// Authenticates each token once, so its first use is recorded before any test request (the token
    /// lookup of every request is not counted by <see cref="SqlCommandCounter"/> anyway).
    /// </summary>
    private static async Task<GraphQLHost> WarmedUpAsync(GraphQLHost host)
    {
        foreach (var role in Roles.All)
        {
            await host.PostAsync("{ version }", role: role);
        }
        return host;
    }

    /// <summary>A list value for request variables (literal arrays as arguments would trip CA1861).</summary>
    public static string[] List(params string[] values) => values;

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
        if (_handedOver)
        {
            return;
        }
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
