using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>
/// The database reads of a batch of merges (a fill, a poll page, a push of up to 100 links) do not grow with its links.
/// Jobs run outside any HTTP request, so their SQL is counted from the host's command log (<see cref="LogCapture"/>)
/// rather than with <see cref="SqlCommandCounter"/>, which counts a request's only.
/// </summary>
[Collection(SyncScenario.Collection)]
public class MergeBatchSqlTests
{
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    [Fact]
    public async Task A_fill_reads_no_open_conflicts_and_a_poll_of_100_changed_tasks_reads_them_in_one_query()
    {
        await using var s = await SyncScenario.StartAsync(extraHostArgs: $"--Logging:LogLevel:{CommandCategory}=Information");
        const int count = 100;
        var tasks = Enumerable.Range(0, count).Select(i => s.Phorge.CreateTask(s.Phorge.Alice, $"Add paging {i}")).ToList();
        await using (var db = s.Db())
        {
            var incident = new Incident { Slug = "batch-" + Guid.NewGuid().ToString("N")[..8], Title = "Outage", CreatedAt = DateTimeOffset.UtcNow };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            var change = new Change("import", ChangeOrigin.Import, DateTimeOffset.UtcNow);
            foreach (var task in tasks)
            {
                var item = ActionItem.Create(incident.Id, task.Title, change);
                item.Links.Add(new TrackerLink { SyncTargetId = s.TargetId, RemoteId = task.Monogram, State = TrackerLinkState.PendingFill, CreatedAt = change.At });
                db.ActionItems.Add(item);
            }
            await db.SaveChangesAsync();
        }
        var logs = s.Host.Host.Services.GetRequiredService<LogCapture>();
        logs.Clear();

        await s.DrainAsync();

        Assert.True(s.FailedCount == 0, s.JobReport());
        await using (var check = s.Db())
        {
            Assert.Equal(count, await check.TrackerLinks.CountAsync(l => l.State == TrackerLinkState.Linked));
        }
        // A link never filled has no base, so it cannot have a conflict yet.
        Assert.Empty(OpenConflictReads(logs));
        // The first poll sets the cursor (and re-reads every linked task once), so the next poll reads one page of changes.
        await s.PollAsync();

        foreach (var task in tasks)
        {
            s.Phorge.EditTask(s.Phorge.Alice, task.Monogram, ("status", "resolved"));
        }
        logs.Clear();
        await s.PollAsync();

        Assert.True(s.FailedCount == 0, s.JobReport());
        await using (var check = s.Db())
        {
            Assert.Equal(count, await check.ActionItems.CountAsync(i => i.Status == ActionItemStatus.Resolved));
        }
        var pollReads = OpenConflictReads(logs);
        Assert.True(pollReads.Count == 1, string.Join("\n---\n", pollReads));
    }

    /// <summary>Commands EF Core logged as executed that read the sync_conflicts table.</summary>
    private static List<string> OpenConflictReads(LogCapture logs) =>
        [.. logs.Records.Where(r => r.Category == CommandCategory && r.Message.StartsWith("Executed DbCommand", StringComparison.Ordinal) &&
                                    r.Message.Contains("FROM sync_conflicts", StringComparison.Ordinal)).Select(r => r.Message)];
}
