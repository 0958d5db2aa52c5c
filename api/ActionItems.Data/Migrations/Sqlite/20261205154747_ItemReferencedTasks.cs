using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemReferencedTasks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "referenced_tasks",
                table: "action_items",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");
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
