using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LinkHistoryBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "history_backfill_due_at",
                table: "tracker_links",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_sync_target_id_history_backfill_due_at",
                table: "tracker_links",
                columns: new[] { "sync_target_id", "history_backfill_due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tracker_links_sync_target_id_history_backfill_due_at",
                table: "tracker_links");

            migrationBuilder.DropColumn(
                name: "history_backfill_due_at",
                table: "tracker_links");
        }
    }
}
