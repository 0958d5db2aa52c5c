using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "halted_at",
                table: "sync_targets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sync_conflicts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tracker_link_id = table.Column<long>(type: "INTEGER", nullable: false),
                    field = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    local_value = table.Column<string>(type: "TEXT", nullable: true),
                    remote_value = table.Column<string>(type: "TEXT", nullable: true),
                    local_changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    remote_changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    winner = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolution = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_conflicts", x => x.id);
                    table.ForeignKey(
                        name: "fk_sync_conflicts_tracker_links_tracker_link_id",
                        column: x => x.tracker_link_id,
                        principalTable: "tracker_links",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_sync_conflicts_resolved_at_id",
                table: "sync_conflicts",
                columns: new[] { "resolved_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_sync_conflicts_tracker_link_id_resolved_at",
                table: "sync_conflicts",
                columns: new[] { "tracker_link_id", "resolved_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sync_conflicts");

            migrationBuilder.DropColumn(
                name: "halted_at",
                table: "sync_targets");
        }
    }
}
