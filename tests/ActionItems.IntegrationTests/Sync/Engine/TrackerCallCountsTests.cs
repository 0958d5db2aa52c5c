using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>
/// Tracker call counts shared through the database: each <see cref="CountingProcess"/> has its own recorder and flusher
/// state, as a separate process would, and only the database in common.
/// </summary>
public class TrackerCallCountsTests
{
    private const string Target = "phorge";
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Calls_flushed_by_one_process_count_in_another_and_each_adds_its_own_unflushed_calls_for_an_hour(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Noon);
        await using var worker = new CountingProcess(database, clock);
        await using var api = new CountingProcess(database, clock);

        worker.Recorder.Record(Target);
        worker.Recorder.Record(Target);
        worker.Recorder.Record("other");
        Assert.Equal(0, await api.CallsInLastHourAsync(Target)); // not flushed yet: only the worker knows
        Assert.Equal(2, await worker.CallsInLastHourAsync(Target));
        Assert.True(await worker.Counts.FlushAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(30));
        api.Recorder.Record(Target);

        Assert.Equal(3, await api.CallsInLastHourAsync(Target));
        Assert.Equal(2, await worker.CallsInLastHourAsync(Target));
        Assert.Equal(1, await worker.CallsInLastHourAsync("other"));
        Assert.Equal(0, await worker.CallsInLastHourAsync("nobody"));
        // Counted per minute: the 12:00 minute leaves the window once an hour has passed since it started.
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await api.CallsInLastHourAsync(Target));
        Assert.Equal(0, await worker.CallsInLastHourAsync(Target));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Processes_recording_and_flushing_at_the_same_time_lose_no_call(DatabaseProvider provider)
    {
        const int Processes = 3, ThreadsPerProcess = 4, CallsPerThread = 250;
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new FakeTimeProvider(Noon); // one minute: every flush adds to the same row
        var processes = Enumerable.Range(0, Processes).Select(_ => new CountingProcess(database, clock)).ToList();
        try
        {
            await Task.WhenAll(processes.Select(async process =>
            {
                var recording = Task.WhenAll(Enumerable.Range(0, ThreadsPerProcess).Select(_ => Task.Run(() =>
                {
                    for (var i = 0; i < CallsPerThread; i++)
                    {
                        process.Recorder.Record(Target);
                    }
                })));
                while (!recording.IsCompleted)
                {
                    await process.Counts.FlushAsync(CancellationToken.None);
                }
                await recording;
                // A flush that met a busy database (SQLite allows one writer) kept its counts: the next one writes them.
                for (var attempt = 0; !await process.Counts.FlushAsync(CancellationToken.None); attempt++)
                {
                    Assert.True(attempt < 20, "the counts could not be flushed");
                }
            }));

            await using var reader = new CountingProcess(database, clock);
            Assert.Equal(Processes * ThreadsPerProcess * CallsPerThread, await reader.CallsInLastHourAsync(Target));
            await using var db = database.CreateContext();
            Assert.Equal(1, await db.TrackerCallCounts.CountAsync());
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_flush_throws_nothing_and_keeps_its_counts_for_the_next_one(DatabaseProvider provider)
    {
        // No tables yet: every write fails, as it would with the database away.
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
        var clock = new FakeTimeProvider(Noon);
        await using var worker = new CountingProcess(database, clock);
        worker.Recorder.Record(Target);
        worker.Recorder.Record(Target);

        Assert.False(await worker.Counts.FlushAsync(CancellationToken.None));
        Assert.Equal(2, worker.Recorder.UnflushedCalls(Target, Noon - TimeSpan.FromHours(1)));

        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateAsync();
        }
        worker.Recorder.Record(Target);
        Assert.True(await worker.Counts.FlushAsync(CancellationToken.None));

        await using var api = new CountingProcess(database, clock);
        Assert.Equal(3, await api.CallsInLastHourAsync(Target));
        Assert.Equal(0, worker.Recorder.UnflushedCalls(Target, Noon - TimeSpan.FromHours(1)));
    }

    /// <summary>The services one process counts calls with, on the shared database.</summary>
    private sealed class CountingProcess : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        public CountingProcess(TestDatabase database, TimeProvider clock)
        {
            var services = new ServiceCollection();
            services.AddActionItemsDbContext(database.Options);
            services.AddSingleton(clock);
            services.AddLogging();
            services.AddSingleton<PhabricatorCallRecorder>();
            services.AddSingleton<TrackerCallCounts>();
            _services = services.BuildServiceProvider();
        }

        public PhabricatorCallRecorder Recorder => _services.GetRequiredService<PhabricatorCallRecorder>();
        public TrackerCallCounts Counts => _services.GetRequiredService<TrackerCallCounts>();

        public async Task<int> CallsInLastHourAsync(string target)
        {
            await using var scope = _services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ActionItemsDbContext>();
            return (await Counts.CallsInLastHourAsync(db, [target], CancellationToken.None))[target];
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
