using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ActionItems.IntegrationTests.Data;

public class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_apply_on_an_empty_database_and_match_the_model(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrated: false);
        await using var context = database.CreateContext();

        await context.Database.MigrateAsync();

        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {provider} model has changes no migration captures: add a migration for both providers.");
    }

    [Fact]
    public async Task Both_providers_produce_the_same_tables_columns_and_indexes()
    {
        await using var postgres = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var sqlite = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var postgresSchema = await SchemaReader.ReadAsync(postgres);
        var sqliteSchema = await SchemaReader.ReadAsync(sqlite);

        Assert.Contains("action_items.owner_id null", postgresSchema.Columns);
        Assert.Contains("ix_tracker_links_sync_target_id_remote_id unique", postgresSchema.Indexes);
        // PostgreSQL's dashboard rollup and live-item indexes (SQLite, the small embedded default, reads history and
        // counts items directly).
        static bool PostgresOnly(string name) =>
            name.StartsWith(OpenItemDays.Table, StringComparison.Ordinal) || name.StartsWith("ix_action_items_live_", StringComparison.Ordinal);
        Assert.Contains(postgresSchema.Columns, c => c.StartsWith(OpenItemDays.Table + ".day", StringComparison.Ordinal));
        foreach (var index in new[] { "team_status", "incident_status", "opened_month_status", "resolved_team" })
        {
            Assert.Contains(postgresSchema.Indexes, i => i.StartsWith("ix_action_items_live_" + index, StringComparison.Ordinal));
        }
        Assert.Equal(postgresSchema.Columns.Where(c => !PostgresOnly(c)), sqliteSchema.Columns);
        Assert.Equal(postgresSchema.Indexes.Where(i => !PostgresOnly(i)), sqliteSchema.Indexes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Links_stored_as_Linked_before_PendingFill_and_Diverged_existed_get_the_state_that_says_what_they_are(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.CreateContext())
        {
            var incident = Sample.Incident();
            var target = Sample.Phabricator();
            db.Incidents.Add(incident);
            db.SyncTargets.Add(target);
            await db.SaveChangesAsync();
            var agreed = new LinkSnapshot { Title = "t", Status = "Open" };
            (LinkSnapshot? Base, string? Error, TrackerLinkState State)[] links =
            [
                (null, null, TrackerLinkState.Linked),
                (agreed, "remote status 'needsinfo' has no local mapping (add it to StatusMap)", TrackerLinkState.Linked),
                (agreed, null, TrackerLinkState.Linked),
                (null, "T1 does not exist or is not visible to the sync account", TrackerLinkState.Broken),
            ];
            foreach (var (index, (snapshot, error, state)) in links.Index())
            {
                var item = ActionItem.Create(incident.Id, $"item {index}", Sample.ByAlice);
                item.Links.Add(new TrackerLink
                {
                    SyncTargetId = target.Id, RemoteId = $"T{index + 1}", BaseSnapshot = snapshot, LastError = error, State = state, CreatedAt = Sample.T0,
                });
                db.ActionItems.Add(item);
            }
            await db.SaveChangesAsync();
        }

        // As if the database had every migration up to PendingFillLinks: it runs again on rows in the old states.
        await using (var db = database.CreateContext())
        {
            var migration = db.Database.GetMigrations().Single(m => m.EndsWith("_PendingFillLinks", StringComparison.Ordinal));
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetDeleteScript(migration));
            await db.Database.MigrateAsync();
        }

        await using (var db = database.CreateContext())
        {
            var states = await db.TrackerLinks.OrderBy(l => l.RemoteId).Select(l => l.State).ToListAsync();
            Assert.Equal([TrackerLinkState.PendingFill, TrackerLinkState.Diverged, TrackerLinkState.Linked, TrackerLinkState.Broken], states);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Applying_migrations_twice_changes_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = database.CreateContext();
        var before = await SchemaReader.ReadAsync(database);

        await context.Database.MigrateAsync();

        var after = await SchemaReader.ReadAsync(database);
        Assert.Equal(before.Columns, after.Columns);
        Assert.Equal(before.Indexes, after.Indexes);
    }
}
