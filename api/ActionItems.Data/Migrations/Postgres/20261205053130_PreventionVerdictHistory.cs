using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
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

            migrationBuilder.AlterColumn<string>(
                name: "note",
                table: "prevention_reviews",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "superseded_at",
                table: "prevention_reviews",
                type: "timestamp with time zone",
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

            migrationBuilder.AlterColumn<string>(
                name: "note",
                table: "prevention_reviews",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(4000)",
                oldMaxLength: 4000,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_prevention_reviews_incident_id_candidate_action_item_id",
                table: "prevention_reviews",
                columns: new[] { "incident_id", "candidate_action_item_id" },
                unique: true);
        }
    }
}
