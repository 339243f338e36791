using Microsoft.EntityFrameworkCore.Migrations;
using MiiTelDashboard.Data.Migrations;

#nullable disable

namespace MiiTelDashboard.src.Data.Migrations
{
    /// <summary>
    /// CircuitHours and UserHours: the hourly sums the overview, the rankings and the filter choices
    /// read instead of every call of a period, kept by triggers on Details and filled from the calls
    /// already stored (<see cref="HourTotalsSql"/>).
    /// </summary>
    public partial class HourTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // WITHOUT ROWID: the rows are stored in primary key order, so a period is one contiguous range of the
            // table (an ordinary table found them through its key index and then read each row apart: ~2–3× slower).
            migrationBuilder.Sql(HourTotalsSql.SqliteTables(HourTotalsSql.Hours));
            migrationBuilder.Sql(HourTotalsSql.SqliteUp(HourTotalsSql.Hours, "hours"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(HourTotalsSql.SqliteDown("hours"));

            migrationBuilder.DropTable(
                name: "CircuitHours");

            migrationBuilder.DropTable(
                name: "UserHours");
        }
    }
}
