using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiiTelDashboard.Data.Migrations
{
    /// <summary>
    /// The tag filter is an EXISTS per call row; with only IX_Tags_Value SQLite scans every tag of
    /// that value for each row (120 ms for 2,000 calls). (Value, DetailId) makes it one seek.
    /// Raw SQL, so the model snapshot (owned by the dashboard foundation) is unchanged.
    /// </summary>
    public partial class TagLookupIndex : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS IX_Tags_Value_DetailId ON Tags (Value, DetailId);");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Tags_Value_DetailId;");
        }
    }
}
