using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Details_StartedAt",
                table: "Details");

            migrationBuilder.CreateIndex(
                name: "IX_Details_Analytics",
                table: "Details",
                columns: new[] { "StartedAt", "StartedAtEpoch", "Outcome", "DurationSeconds", "Score", "Tlr", "OverlapCount", "SilenceCount", "CustomerPositive", "CustomerNegative", "OperatorName", "OperatorLoginId", "CircuitNumber", "CircuitName", "CallType" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Details_Analytics",
                table: "Details");

            migrationBuilder.CreateIndex(
                name: "IX_Details_StartedAt",
                table: "Details",
                column: "StartedAt");
        }
    }
}
