using System.Diagnostics;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using ActionItems.IntegrationTests.Sync.Engine;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ActionItems.IntegrationTests.Operations;

/// <summary>
/// The backup procedure of docs/deploy.md: <c>pg_dump -Fc</c> of a database in use, <c>pg_restore</c> into a fresh one,
/// the app started on the restored copy. Everything comes back and sync carries on where it stood.
/// </summary>
[Collection(SyncScenario.Collection)]
public class BackupRestoreTests
{
    [Fact]
    public async Task A_restored_dump_keeps_items_history_links_and_cursors_and_sync_resumes_without_duplicates()
    {
        await using var original = await SyncScenario.StartAsync(pushPolicy: "NewItems");
        var pushed = await original.CreateItemAsync("Rotate the TLS certificates");
        var remoteTask = original.Phorge.CreateTask(original.Phorge.Alice, "Add paging for the queue depth");
        var linked = await original.CreateLinkedItemAsync("Add paging for the queue depth", remoteTask.Monogram);
        await original.DrainAsync();
        await original.PollAsync();
        original.Phorge.EditTask(original.Phorge.Alice, remoteTask.Monogram, ("priority", "high"));
        await original.PollAsync();
        var before = await SnapshotAsync(original.Database);
        Assert.Equal(2, original.Phorge.Phorge.AllTasks().Count);

        var dump = Path.Combine(Path.GetTempPath(), $"actionitems-backup-{Guid.NewGuid():N}.dump");
        try
        {
            await RunAsync("pg_dump", [.. Connection(original.Database), "--format=custom", "--file", dump]);
            var restoredDatabase = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrated: false);
            await RunAsync("pg_restore", [.. Connection(restoredDatabase), "--no-owner", "--exit-on-error", dump]);

            await using var restored = await original.ReopenOnAsync(restoredDatabase);

            Assert.Equal(before, await SnapshotAsync(restored.Database));

            // Sync resumes: a tracker change made while the app was moving is pulled, a local change is sent as an
            // edit of the existing task, and no item gets a second task.
            restored.Phorge.EditTask(restored.Phorge.Alice, remoteTask.Monogram, ("status", "resolved"));
            await restored.PollAsync();
            await restored.ChangeItemAsync(pushed.Id, (item, change) => item.SetTitle("Rotate the TLS certificates yearly", change));
            await restored.DrainAsync();

            Assert.Equal(ActionItemStatus.Resolved, (await restored.LoadAsync(linked.Id)).Item.Status);
            var tasks = restored.Phorge.Phorge.AllTasks();
            Assert.Equal(2, tasks.Count);
            Assert.Contains(tasks, t => t.Title == "Rotate the TLS certificates yearly");
            Assert.Equal(0, restored.FailedCount);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>What a backup must bring back, row for row.</summary>
    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var items = await db.ActionItems.AsNoTracking().OrderBy(i => i.Id)
            .Select(i => $"{i.Id}|{i.Title}|{i.Status}|{i.Priority}|{i.Version}").ToListAsync();
        var history = await db.ActionItemHistory.AsNoTracking().OrderBy(h => h.Id)
            .Select(h => $"{h.Id}|{h.ActionItemId}|{h.Field}|{h.OldValue}|{h.NewValue}|{h.Origin}").ToListAsync();
        var links = await db.TrackerLinks.AsNoTracking().OrderBy(l => l.Id)
            .Select(l => $"{l.Id}|{l.ActionItemId}|{l.RemoteId}|{l.State}|{l.LastSyncedAt}").ToListAsync();
        var targets = await db.SyncTargets.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => $"{t.Id}|{t.Name}|{t.PollCursor}|{t.LastSuccessfulPollAt}").ToListAsync();
        var outbox = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.ProcessedAt == null);
        Assert.NotEmpty(history);
        Assert.All(targets, t => Assert.DoesNotContain("||", t, StringComparison.Ordinal));
        return string.Join('\n', [.. items, "--", .. history, "--", .. links, "--", .. targets, $"pending outbox rows: {outbox}"]);
    }

    private static string[] Connection(TestDatabase database)
    {
        var connection = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString);
        return ["--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", connection.Username!, "--dbname", connection.Database!];
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(PostgresServer.ClientProgram(program)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await stderr}{await stdout}");
    }
}
