using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Phabricator;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.UnitTests.Sync;

/// <summary>The tracker vocabulary cache: jobs that start together share one load (issue 12: 12 calls instead of 3).</summary>
public class SingleFlightTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Jobs_that_ask_for_a_targets_bot_account_together_share_one_load()
    {
        var cache = new PhabricatorVocabularyCache(_clock);
        var target = new SyncTargetOptions { Kind = TrackerKind.Phabricator, Name = "wikimedia", BaseUrl = "https://phorge.example.org", Token = "api-x" };
        var release = new TaskCompletionSource<RemoteAccount>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;

        var jobs = Enumerable.Range(0, 4).Select(_ => cache.GetAccountAsync(target, () =>
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        })).ToList();
        release.SetResult(new RemoteAccount("PHID-USER-bot", "sync-bot", "Sync Bot"));
        await Task.WhenAll(jobs);

        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Callers_that_ask_while_a_load_runs_share_it()
    {
        var cache = new SingleFlight<string>(_clock, TimeSpan.FromHours(1));
        var release = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var loads = 0;

        var callers = Enumerable.Range(0, 4).Select(_ => cache.GetAsync("wikimedia", () =>
        {
            Interlocked.Increment(ref loads);
            return release.Task;
        })).ToList();
        release.SetResult("vocabulary");

        Assert.Equal(["vocabulary", "vocabulary", "vocabulary", "vocabulary"], await Task.WhenAll(callers));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task A_failed_load_is_not_kept_and_the_next_caller_loads_again()
    {
        var cache = new SingleFlight<string>(_clock, TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync("wikimedia", () => throw new InvalidOperationException("down")));
        var loaded = await cache.GetAsync("wikimedia", () => Task.FromResult("vocabulary"));

        Assert.Equal("vocabulary", loaded);
    }

    [Fact]
    public async Task A_caller_waiting_on_someone_elses_failed_load_loads_on_its_own()
    {
        var cache = new SingleFlight<string>(_clock, TimeSpan.FromHours(1));
        var failing = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = cache.GetAsync("wikimedia", () => failing.Task);
        var second = cache.GetAsync("wikimedia", () => Task.FromResult("second's own load"));

        failing.SetException(new TimeoutException("cancelled with its request"));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        Assert.Equal("second's own load", await second);
    }

    [Fact]
    public async Task A_loaded_value_is_kept_for_its_lifetime_then_loaded_again()
    {
        var cache = new SingleFlight<string>(_clock, TimeSpan.FromHours(1));
        var loads = 0;
        Task<string> Load() => Task.FromResult($"load {++loads}");

        Assert.Equal("load 1", await cache.GetAsync("wikimedia", Load));
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("load 1", await cache.GetAsync("wikimedia", Load));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("load 2", await cache.GetAsync("wikimedia", Load));
    }

    [Fact]
    public async Task Callers_that_found_the_same_value_stale_cause_one_load_between_them()
    {
        var cache = new SingleFlight<string>(_clock, TimeSpan.FromHours(1));
        var loads = 0;
        Task<string> Load() => Task.FromResult($"load {++loads}");
        var stale = await cache.GetAsync("wikimedia", Load);

        cache.Forget("wikimedia", stale);
        var fresh = await cache.GetAsync("wikimedia", Load);
        cache.Forget("wikimedia", stale); // a second caller with the same stale value: the fresh one stays

        Assert.Equal("load 2", fresh);
        Assert.Equal("load 2", await cache.GetAsync("wikimedia", Load));
    }
}
