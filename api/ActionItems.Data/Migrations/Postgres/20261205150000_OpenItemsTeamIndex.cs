using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <summary>
    /// PostgreSQL only, no model change. A partial index over live open items (status Open, InProgress or Stalled, not
    /// archived) keyed by team with opened_at included: the rows and columns <c>openItemAgeBucketsByGroup(groupBy:
    /// TEAM)</c> reads, so it is an index-only scan of the open items instead of a scan of every wide item row
    /// (docs/benchmarks.md, row (f)). The open statuses are those of <c>ActionItemStatusRules.OpenStatuses</c> as the
    /// stats query spells them. No designer file: the model is the previous migration's, as in StatsCoveringIndexes.
    /// </summary>
    [DbContext(typeof(PostgresActionItemsDbContext))]
    [Migration("20261205150000_OpenItemsTeamIndex")]
    public partial class OpenItemsTeamIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE INDEX ix_action_items_live_open_team ON action_items (team) INCLUDE (opened_at)
                    WHERE archived_at IS NULL AND status IN ('Open', 'InProgress', 'Stalled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_action_items_live_open_team;");
        }
    }
}
