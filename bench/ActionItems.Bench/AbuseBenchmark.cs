using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.Bench;

/// <summary>
/// The p99 latency of a normal authenticated query, first on a quiet server, then while four clients send one
/// attack each for the whole phase (issue 13): 8,000 copies of <c>version</c> without a token, 1,700 aliases of
/// <c>actionItems(first: 1) { totalCount }</c> with a viewer token, and a selection nested 100 deep without a
/// token. Goal: p99 under attack ≤ 3 × the quiet p99. The server runs in this process on a fresh PostgreSQL
/// database with 2,000 items (bench/with-postgres.sh), so attackers, server and the measuring client share the
/// machine's cores as they would on a small host.
/// </summary>
internal static class AbuseBenchmark
{
    /// <summary>Seconds per phase; ACTIONITEMS_BENCH_SECONDS overrides (default 30, e.g. 5 for a quick run).</summary>
    private static readonly int PhaseSeconds =
        int.TryParse(Environment.GetEnvironmentVariable("ACTIONITEMS_BENCH_SECONDS"), out var seconds) && seconds > 0 ? seconds : 30;

    private const int Attackers = 4;

    private const string NormalQuery = "{ actionItems(first: 20) { edges { node { id title } } } }";

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    /// <summary>Name, document, whether the attacker sends the viewer token. A counter in a comment makes each document new.</summary>
    private static readonly (string Name, string Document, bool WithToken)[] Attacks =
    [
        ("8,000 x version, no token", "{ " + Repeat("version ", 8_000) + "}", false),
        ("1,700 aliased actionItems(first:1){totalCount}, viewer token",
            "{ " + string.Concat(Enumerable.Range(0, 1_700).Select(i => $"a{i}:actionItems(first:1){{totalCount}} ")) + "}", true),
        ("selection nested 100 deep, no token", Repeat("{ a ", 100) + new string('}', 100), false),
    ];

    public static int Run(BenchOptions options)
    {
        if (ThrowawayDatabase.AdminConnection("abuse") is not { } admin)
        {
            return 2;
        }
        return RunAsync(admin).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(string admin)
    {
        await using var database = await ThrowawayDatabase.CreateAsync(admin, "abuse");
        var connectionString = database.ConnectionString;
        string secret;
        await using (var context = DatabaseRegistration.CreateDbContext(database.Options))
        {
            await SeedAsync(context);
            secret = (await new ApiTokens(context, TimeProvider.System).CreateAsync("bench-abuse", Roles.Viewer, null, CancellationToken.None)).Secret;
        }
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"{PhaseSeconds} s per phase, {Attackers} attacking clients, normal query: {NormalQuery}");

        var host = await ActionItemsHost.CreateAsync(HostRole.Api,
            ["--urls=http://127.0.0.1:0", $"--{DatabaseOptions.ConnectionStringKey}={connectionString}",
             "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning",
             // The issue's attacks are logged at error level by a build without the fix; that is part of their cost, not measured here.
             "--Logging:LogLevel:ActionItems.Api.GraphQL.Execution.ErrorReporting=None",
             // This measures what the attacks cost the server's GraphQL handling; the rate limit would answer most
             // of them with a cheap 429 (README, Rate limits) and hide that cost.
             "--RateLimiting:GraphQL:PermitsPerSecond=0"],
            CancellationToken.None);
        await host.StartAsync();
        try
        {
            var address = new Uri(host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First());
            using var client = Client(address, secret);
            // Warm-up: JIT and connection pool, as on a server that has been running.
            for (var i = 0; i < 300; i++)
            {
                await PostAsync(client, NormalQuery, CancellationToken.None);
            }
            var quiet = await MeasureAsync(client, null, address, secret);
            Report("quiet", quiet, quiet);
            foreach (var attack in Attacks)
            {
                Report(attack.Name, await MeasureAsync(client, attack, address, secret), quiet);
            }
            Console.WriteLine($"load average {Machine.LoadAverage()}");
            return 0;
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private sealed record Phase(double[] SortedMilliseconds, long AttackRequests, IReadOnlyDictionary<int, long> AttackStatuses, double AttackMeanMilliseconds);

    private static async Task<Phase> MeasureAsync(HttpClient client, (string Name, string Document, bool WithToken)? attack,
        Uri address, string secret)
    {
        using var stop = new CancellationTokenSource();
        var statuses = new Dictionary<int, long>();
        long attackRequests = 0;
        double attackMilliseconds = 0;
        var attackers = attack is { } a
            ? Enumerable.Range(0, Attackers).Select(n => Task.Run(async () =>
            {
                using var attacker = Client(address, a.WithToken ? secret : null);
                var counter = 0;
                while (!stop.IsCancellationRequested)
                {
                    var watch = Stopwatch.StartNew();
                    int status;
                    try
                    {
                        status = await PostAsync(attacker, a.Document + $" # {n} {counter++}", stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    lock (statuses)
                    {
                        statuses[status] = statuses.GetValueOrDefault(status) + 1;
                        attackRequests++;
                        attackMilliseconds += watch.Elapsed.TotalMilliseconds;
                    }
                }
            })).ToArray()
            : [];
        var latencies = new List<double>();
        var phase = Stopwatch.StartNew();
        while (phase.Elapsed < TimeSpan.FromSeconds(PhaseSeconds))
        {
            var watch = Stopwatch.StartNew();
            var status = await PostAsync(client, NormalQuery, CancellationToken.None);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (status != 200)
            {
                throw new InvalidOperationException($"the normal query answered {status}");
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(attackers);
        return new Phase([.. latencies.Order()], attackRequests, statuses, attackRequests == 0 ? 0 : attackMilliseconds / attackRequests);
    }

    private static void Report(string name, Phase phase, Phase quiet)
    {
        var p50 = Machine.Percentile(phase.SortedMilliseconds, 0.50);
        var p99 = Machine.Percentile(phase.SortedMilliseconds, 0.99);
        var ratio = p99 / Machine.Percentile(quiet.SortedMilliseconds, 0.99);
        var attack = phase.AttackRequests == 0
            ? ""
            : $"; attack: {phase.AttackRequests} requests, mean {phase.AttackMeanMilliseconds:0.0} ms, statuses {string.Join(' ', phase.AttackStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-62} normal query: {phase.SortedMilliseconds.Length} requests, p50 {p50:0.0} ms, p99 {p99:0.0} ms ({ratio:0.0}x quiet p99){attack}"));
    }

    private static HttpClient Client(Uri address, string? token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static async Task<int> PostAsync(HttpClient client, string query, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/graphql", content, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    private static async Task SeedAsync(ActionItemsDbContext db)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-400);
        for (var i = 0; i < 200; i++)
        {
            var incident = new Incident { Slug = $"bench-{i}", Title = $"Incidents/bench-{i}", CreatedAt = start, UpdatedAt = start };
            db.Incidents.Add(incident);
            for (var j = 0; j < 10; j++)
            {
                var item = ActionItem.Create(0, $"Item {i}-{j}", new Change("bench", ChangeOrigin.Import, start.AddMinutes((i * 10) + j)));
                item.Incident = incident;
                db.ActionItems.Add(item);
            }
        }
        await db.SaveChangesAsync();
    }
}
