using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImportedItemDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "opened_at",
                table: "action_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "resolved_at",
                table: "action_items",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "resolved_at_unknown",
                table: "action_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Every existing item was opened when its row was written, and a closed one resolved at its last closing
            // status row, until `repair-dates` (run right after this migration) dates imported items by their incident.
            migrationBuilder.Sql("UPDATE action_items SET opened_at = created_at;");
            migrationBuilder.Sql("""
                UPDATE action_items SET resolved_at = (
                    SELECT max(h.at) FROM action_item_history h
                    WHERE h.action_item_id = action_items.id AND h.field = 'status'
                      AND h.new_value NOT IN ('Open', 'InProgress', 'Stalled'))
                WHERE status NOT IN ('Open', 'InProgress', 'Stalled');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "opened_at",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "resolved_at",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "resolved_at_unknown",
                table: "action_items");
        }
    }
}
