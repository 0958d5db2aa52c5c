using ActionItems.Data;

namespace ActionItems.Application.Postmortems;

/// <summary>
/// The data halves of migrations, written in C# because they read documents and dates the way imports do. Each runs
/// right after the migration it belongs to is applied (<see cref="RunAfterAsync"/>), and all of them again on demand
/// (<see cref="RunAllAsync"/>, the <c>repair</c> command), which is safe because every repair is idempotent: an
/// upgrade interrupted between a migration and its repair is finished by running them again.
/// </summary>
public static class MigrationDataRepairs
{
    /// <summary>One repair: the migration it completes, and what it changed, in words ("imported item(s) dated by their incident").</summary>
    public sealed record Repair(string MigrationName, string Done, Func<ActionItemsDbContext, CancellationToken, Task<int>> RunAsync);

    /// <summary>In migration order.</summary>
    public static IReadOnlyList<Repair> All { get; } =
    [
        new(ImportedItemDates.MigrationName, "imported item(s) dated by their incident", ImportedItemDates.RepairAsync),
        // The migration gives existing items no referenced tasks, and re-importing an unchanged postmortem changes
        // nothing: their stored documents are read again instead.
        new(ItemReferencedTasksRepair.MigrationName, "imported item(s) given the tasks their text references", ItemReferencedTasksRepair.RepairAsync),
    ];

    /// <summary>Runs the repair of every migration among <paramref name="appliedMigrations"/> (full ids, "20261205033321_ImportedItemDates").</summary>
    public static async Task RunAfterAsync(ActionItemsDbContext db, IReadOnlyCollection<string> appliedMigrations, CancellationToken cancellationToken)
    {
        foreach (var repair in All.Where(r => appliedMigrations.Any(m => m.EndsWith("_" + r.MigrationName, StringComparison.Ordinal))))
        {
            await repair.RunAsync(db, cancellationToken);
        }
    }

    /// <summary>Runs every repair; returns how many items each changed.</summary>
    public static async Task<IReadOnlyList<(Repair Repair, int Changed)>> RunAllAsync(ActionItemsDbContext db, CancellationToken cancellationToken)
    {
        var results = new List<(Repair, int)>();
        foreach (var repair in All)
        {
            results.Add((repair, await repair.RunAsync(db, cancellationToken)));
        }
        return results;
    }
}
