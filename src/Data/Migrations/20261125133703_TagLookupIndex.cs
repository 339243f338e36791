using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// Indexes for the calls list (measured in docs/PERFORMANCE.md, 100,000 calls). Raw SQL, so the
    /// model snapshot (owned by the dashboard foundation) is unchanged.
    /// - The tag filter is an EXISTS per call row; with only IX_Tags_Value SQLite scanned every tag
    ///   of that value for each row. (Value, DetailId) makes it one seek.
    /// - Details rows are wide (the raw body, transcript and minutes live in them, ~8 KB), so any
    ///   filter or sort on a column outside an index read every row of the period: 0.3–0.6 s for a
    ///   circuit or outcome filter. IX_Details_CallList holds every column the list filters, sorts
    ///   and counts on, plus Id, so counts and the page's id query never touch the wide rows.
    /// </summary>
    public partial class TagLookupIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS IX_Tags_Value_DetailId ON Tags (Value, DetailId);");
            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS IX_Details_CallList ON Details (
                    StartedAt, CircuitNumber, CircuitName, OperatorName, OperatorLoginId, CallType, Outcome,
                    Score, Tlr, DurationSeconds, OverlapCount, SilenceCount, CounterpartCompany, CounterpartName, Id);
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Details_CallList;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Tags_Value_DetailId;");
        }
    }
}
