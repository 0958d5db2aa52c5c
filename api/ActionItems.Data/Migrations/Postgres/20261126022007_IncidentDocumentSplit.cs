using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ActionItems.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IncidentDocumentSplit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
