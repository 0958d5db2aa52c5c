using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Sync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "halted_at",
                table: "sync_targets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sync_conflicts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tracker_link_id = table.Column<long>(type: "bigint", nullable: false),
                    field = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    local_value = table.Column<string>(type: "text", nullable: true),
                    remote_value = table.Column<string>(type: "text", nullable: true),
                    local_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    remote_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    winner = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    resolution = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
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
