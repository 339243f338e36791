using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// Replaces the two overlapping ~15-column covering indexes on Details — IX_Details_Analytics
    /// (model) and IX_Details_CallList (raw SQL in TagLookupIndex, unknown to the model) — by one,
    /// IX_Details_Covering, known to the model: StartedAt first, then the union of their columns.
    /// Every overview, ranking, filter-choice and calls-list query keeps an index-only plan
    /// (EXPLAIN QUERY PLAN before and after in docs/PERFORMANCE.md, "Search owns its index"), and
    /// each write updates one such index instead of two.
    /// </summary>
    public partial class MergeDetailsCoveringIndexes : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Details_CallList;");
            migrationBuilder.DropIndex(
                name: "IX_Details_Analytics",
                table: "Details");

            migrationBuilder.CreateIndex(
                name: "IX_Details_Covering",
                table: "Details",
                columns: new[] { "StartedAt", "StartedAtEpoch", "Outcome", "DurationSeconds", "Score", "Tlr", "OverlapCount", "SilenceCount", "CustomerPositive", "CustomerNegative", "OperatorName", "OperatorLoginId", "CircuitNumber", "CircuitName", "CallType", "CounterpartCompany", "CounterpartName", "Id" });
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Details_Covering",
                table: "Details");

            migrationBuilder.CreateIndex(
                name: "IX_Details_Analytics",
                table: "Details",
                columns: new[] { "StartedAt", "StartedAtEpoch", "Outcome", "DurationSeconds", "Score", "Tlr", "OverlapCount", "SilenceCount", "CustomerPositive", "CustomerNegative", "OperatorName", "OperatorLoginId", "CircuitNumber", "CircuitName", "CallType" });

            // As TagLookupIndex created it.
            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS IX_Details_CallList ON Details (
                    StartedAt, CircuitNumber, CircuitName, OperatorName, OperatorLoginId, CallType, Outcome,
                    Score, Tlr, DurationSeconds, OverlapCount, SilenceCount, CounterpartCompany, CounterpartName, Id);
                """);
        }
    }
}
