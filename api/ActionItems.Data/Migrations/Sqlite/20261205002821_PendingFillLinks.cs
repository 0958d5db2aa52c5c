using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PendingFillLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Links never filled were stored as Linked with no base (import, linkTrackerTask); the fill and the drain
            // now look for PendingFill. A Linked link with lastError got it from a merge that found fields that
            // cannot agree (errors and broken tasks have their own states), which is what Diverged says.
            migrationBuilder.Sql("UPDATE tracker_links SET state = 'PendingFill' WHERE state = 'Linked' AND base_snapshot IS NULL;");
            migrationBuilder.Sql("UPDATE tracker_links SET state = 'Diverged' WHERE state = 'Linked' AND last_error IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE tracker_links SET state = 'Linked' WHERE state IN ('PendingFill', 'Diverged');");
        }
    }
}
