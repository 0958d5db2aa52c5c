using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <summary>
    /// PostgreSQL only, no model change. For the dashboards at 100k items:
    /// <list type="bullet">
    /// <item>a partial index (team, status) over live items, so counts per team are an index-only scan
    /// instead of a scan of the wide item rows;</item>
    /// <item><see cref="OpenItemDays"/>: opening/closing transitions per UTC day of items not archived, kept by
    /// triggers for every writer (EF, bulk COPY, SQL by hand) and back-filled here, so "open items over time"
    /// reads a row per day instead of all status history.</item>
    /// </list>
    /// No designer file: the model is the previous migration's (the snapshot is unchanged).
    /// </summary>
    [DbContext(typeof(PostgresActionItemsDbContext))]
    [Migration("20261126000000_DashboardRollups")]
    public partial class DashboardRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_action_items_live_team_status ON action_items (team, status) WHERE archived_at IS NULL;
                """);
            migrationBuilder.Sql(OpenItemDays.CreateSql);
            migrationBuilder.Sql(OpenItemDays.RebuildSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(OpenItemDays.DropSql);
            migrationBuilder.Sql("DROP INDEX ix_action_items_live_team_status;");
        }
    }
}
