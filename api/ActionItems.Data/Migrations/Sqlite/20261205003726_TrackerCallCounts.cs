using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrackerCallCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tracker_call_counts",
                columns: table => new
                {
                    target_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    bucket_start = table.Column<long>(type: "INTEGER", nullable: false),
                    calls = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tracker_call_counts", x => new { x.target_name, x.bucket_start });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tracker_call_counts");
        }
    }
}
