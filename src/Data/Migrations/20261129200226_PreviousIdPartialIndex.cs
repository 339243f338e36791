using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.src.Data.Migrations
{
    /// <inheritdoc />
    public partial class PreviousIdPartialIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Details_PreviousId",
                table: "Details");

            migrationBuilder.CreateIndex(
                name: "IX_Details_PreviousId",
                table: "Details",
                column: "PreviousId",
                filter: "\"PreviousId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Details_PreviousId",
                table: "Details");

            migrationBuilder.CreateIndex(
                name: "IX_Details_PreviousId",
                table: "Details",
                column: "PreviousId");
        }
    }
}
