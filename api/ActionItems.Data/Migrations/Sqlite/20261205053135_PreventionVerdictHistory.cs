using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PreventionVerdictHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_prevention_reviews_incident_id_candidate_action_item_id",
                table: "prevention_reviews");

            migrationBuilder.AddColumn<long>(
                name: "superseded_at",
                table: "prevention_reviews",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_prevention_reviews_incident_id_candidate_action_item_id",
                table: "prevention_reviews",
                columns: new[] { "incident_id", "candidate_action_item_id" },
                unique: true,
                filter: "superseded_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_prevention_reviews_incident_id_candidate_action_item_id",
                table: "prevention_reviews");

            migrationBuilder.DropColumn(
                name: "superseded_at",
                table: "prevention_reviews");

            migrationBuilder.CreateIndex(
                name: "ix_prevention_reviews_incident_id_candidate_action_item_id",
                table: "prevention_reviews",
                columns: new[] { "incident_id", "candidate_action_item_id" },
                unique: true);
        }
    }
}
