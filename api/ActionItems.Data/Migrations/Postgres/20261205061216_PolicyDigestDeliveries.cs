using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PolicyDigestDeliveries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "policy_digest_deliveries",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    violations = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_digest_deliveries", x => x.day);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "policy_digest_deliveries");
        }
    }
}
