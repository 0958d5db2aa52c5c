using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ItemReferencedTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "referenced_tasks",
                table: "action_items",
                type: "text[]",
                nullable: false,
                // Existing items referenced nothing yet: ItemReferencedTasksRepair, run right after this migration, reads it from their stored postmortems.
                defaultValueSql: "'{}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "referenced_tasks",
                table: "action_items");
        }
    }
}
