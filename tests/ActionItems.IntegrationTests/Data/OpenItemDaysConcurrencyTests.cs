using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Npgsql;

namespace ActionItems.IntegrationTests.Data;

/// <summary>The open-items rollup stays right when a status change and an archive of the same item race.</summary>
public class OpenItemDaysConcurrencyTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_status_row_and_an_archive_committed_concurrently_leave_the_rollup_equal_to_a_rebuild()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        long itemId;
        await using (var db = database.CreateContext())
        {
            var incident = new Incident { Slug = "race", Title = "race", CreatedAt = T0 };
            db.Incidents.Add(incident);
            var item = ActionItem.Create(0, "raced", new Change("seed", ChangeOrigin.Import, T0));
            item.Incident = incident;
            db.ActionItems.Add(item);
            await db.SaveChangesAsync();
            itemId = item.Id;
        }

        await using var statusWriter = new NpgsqlConnection(database.Options.ConnectionString);
        await using var archiver = new NpgsqlConnection(database.Options.ConnectionString);
        await statusWriter.OpenAsync();
        await archiver.OpenAsync();
        var archiverPid = await ScalarAsync<int>(archiver, "SELECT pg_backend_pid()");

        // A status row written the way sync's back-fill writes it: history only, the item row untouched.
        await using var statusTransaction = await statusWriter.BeginTransactionAsync();
        await ExecuteAsync(statusWriter, $"""
            INSERT INTO action_item_history (action_item_id, field, old_value, new_value, at, actor, origin)
            VALUES ({itemId}, 'status', 'Open', 'Resolved', '2025-06-03T09:00:00Z', 'phab', 'Phabricator')
            """);

        // Meanwhile the item is archived. The history trigger's lock makes this wait for the status row's
        // commit, so the archive then takes that row out of the series too; without it, each transaction
        // misses the other's uncommitted row and the rollup keeps a closing the archive should have removed.
        await using var archiveTransaction = await archiver.BeginTransactionAsync();
        var archive = ExecuteAsync(archiver, $"UPDATE action_items SET archived_at = '2025-06-04T09:00:00Z' WHERE id = {itemId}");
        await using (var observer = new NpgsqlConnection(database.Options.ConnectionString))
        {
            await observer.OpenAsync();
            for (var waited = 0; !archive.IsCompleted && waited < 200; waited++)
            {
                if (await ScalarAsync<bool>(observer, $"SELECT coalesce((SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = {archiverPid}), false)"))
                {
                    break;
                }
                await Task.Delay(25);
            }
        }
        await statusTransaction.CommitAsync();
        await archive;
        await archiveTransaction.CommitAsync();

        await using var check = new NpgsqlConnection(database.Options.ConnectionString);
        await check.OpenAsync();
        var kept = await PerDayAsync(check);
        await using (var rebuild = await check.BeginTransactionAsync())
        {
            await ExecuteAsync(check, OpenItemDays.RebuildSql);
            Assert.Equal(await PerDayAsync(check), kept);
            await rebuild.RollbackAsync();
        }
        Assert.Empty(kept); // the only item is archived: nothing of it counts
    }

    private static async Task<List<(int Day, long Opened, long Closed)>> PerDayAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT day, sum(opened), sum(closed) FROM {OpenItemDays.Table} GROUP BY day HAVING sum(opened) <> 0 OR sum(closed) <> 0 ORDER BY day",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var days = new List<(int, long, long)>();
        while (await reader.ReadAsync())
        {
            days.Add((reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        return days;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
