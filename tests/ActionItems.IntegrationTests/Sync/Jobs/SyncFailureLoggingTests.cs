using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.Sync.Engine;
using ActionItems.Sync.Jobs;
using Microsoft.Extensions.Logging;

namespace ActionItems.IntegrationTests.Sync.Jobs;

public class SyncFailureLoggingTests
{
    [Fact]
    public async Task A_transient_failure_is_logged_once_with_its_chain_by_the_retry_and_here_as_one_line()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        long targetId;
        await using (var db = database.CreateContext())
        {
            var target = new SyncTarget { Name = "phab", BaseUrl = "http://127.0.0.1:1/" };
            db.SyncTargets.Add(target);
            await db.SaveChangesAsync();
            targetId = target.Id;
        }
        using var logs = new LogCapture();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));

        await using (var db = database.CreateContext())
        {
            var failures = new SyncFailures(db, TimeProvider.System, factory.CreateLogger<SyncFailures>());
            var transient = new TrackerTransientException("phab: Conduit maniphest.search failed: connection refused",
                new HttpRequestException("connection refused"));
            Assert.Equal(SyncFailures.Outcome.Retry, await failures.TargetFailedAsync(targetId, transient, CancellationToken.None));
            var permanent = new TrackerPermanentException("phab: no API token is configured", "ERR-INVALID-SESSION", affectsWholeTarget: true);
            Assert.Equal(SyncFailures.Outcome.Handled, await failures.TargetFailedAsync(targetId, permanent, CancellationToken.None));
        }

        var warnings = logs.Records.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        // Hangfire's AutomaticRetry logs the transient one with its exception chain: here only its line.
        Assert.Contains("connection refused", warnings[0].Message, StringComparison.Ordinal);
        Assert.Null(warnings[0].Exception);
        // Nothing else logs a failure that ends here: it keeps its chain.
        Assert.Same(typeof(TrackerPermanentException), warnings[1].Exception?.GetType());
    }
}
