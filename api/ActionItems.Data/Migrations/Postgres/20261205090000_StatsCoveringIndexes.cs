using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <summary>
    /// PostgreSQL only, no model change. Partial indexes over live items (not archived) whose leading columns are the
    /// group keys of the dashboard groupings that otherwise read every wide item row per request, so each is an
    /// index-only scan that counts in key order (docs/benchmarks.md, rows (e), (g), (h)):
    /// <list type="bullet">
    /// <item>(incident_id, status): item counts per incident (<c>actionItemStats(groupBy: INCIDENT)</c>);</item>
    /// <item>(UTC month opened, status), opened_at included: counts per month an item was opened in
    /// (<c>CREATED_MONTH</c>). The key is the expression the stats query groups on
    /// (<c>ActionItemStats.SqlGroup</c>); opened_at is included only because the planner allows an index-only scan
    /// on an expression index just when the expression's columns are in the index too;</item>
    /// <item>team, over resolved items with a known close time, opened_at and resolved_at included: time to resolve
    /// per team and overall, the rows and columns its percentiles read and nothing else.</item>
    /// </list>
    /// SQLite, the small embedded default, counts in memory and needs none. No designer file: the model is the
    /// previous migration's (the snapshot is unchanged), as in DashboardRollups.
    /// </summary>
    [DbContext(typeof(PostgresActionItemsDbContext))]
    [Migration("20261205090000_StatsCoveringIndexes")]
    public partial class StatsCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_action_items_live_incident_status ON action_items (incident_id, status) WHERE archived_at IS NULL;
                CREATE INDEX ix_action_items_live_opened_month_status
                    ON action_items ((date_trunc('month', opened_at AT TIME ZONE 'UTC')), status) INCLUDE (opened_at)
                    WHERE archived_at IS NULL;
                CREATE INDEX ix_action_items_live_resolved_team ON action_items (team) INCLUDE (opened_at, resolved_at)
                    WHERE archived_at IS NULL AND status = 'Resolved' AND resolved_at IS NOT NULL AND NOT resolved_at_unknown;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_action_items_live_resolved_team;
                DROP INDEX ix_action_items_live_opened_month_status;
                DROP INDEX ix_action_items_live_incident_status;
                """);
        }
    }
}
